/**
 * Betting on one lane's page: its markets (public), the bet slip, and — for a
 * signed-in bettor — their recent bets on this lane and their wallet. Fed by
 * the lane's live stream: `market` events for everyone; `bet` and `wallet`
 * events for the bettor (their stream is opened with a live ticket, see
 * {@linkcode LaneBetting.ticket}). Everything is read once on each
 * (re)connection of the stream and otherwise only pushed: no polling.
 *
 * @example
 * ```ts
 * const betting = new LaneBetting({ laneId: "1", api, auth, wallet });
 * const live = new LiveLaneModel({ laneId: "1", api, ticket: betting.ticket, listeners: betting.listeners, onOpen: betting.resync });
 * ```
 * @module
 */
import { computed, effect, type ReadonlySignal, signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import {
  LIVE_BET_EVENT,
  LIVE_BETS_EVENT,
  LIVE_MARKET_EVENT,
  LIVE_WALLET_EVENT,
} from "./live_events.ts";
import { isBet, LaneBets } from "./bet_list.ts";
import { BetSlip } from "./bet_slip.ts";
import type { BettingApi } from "./betting_api.ts";
import { isMarket, MarketList } from "./market_list.ts";
import { isWallet, type WalletModel } from "./wallet_model.ts";

/** Who is looking: a bettor (may bet), a spectator or visitor (read-only, invited), staff (read-only). */
export type Viewer = "bettor" | "spectator" | "signedOut" | "staff";

export interface LaneBettingOptions {
  laneId: string;
  api: Pick<BettingApi, "laneMarkets" | "placeBet" | "bets" | "liveTicket">;
  auth: Pick<AuthSession, "user" | "status">;
  wallet: Pick<WalletModel, "receive" | "load">;
}

export class LaneBetting {
  readonly laneId: string;
  readonly markets: MarketList;
  readonly bets: LaneBets;
  readonly slip: BetSlip;
  /** The markets could not be read (shown instead of the list); null when fine. */
  readonly error = signal<string | null>(null);
  /** True once the first list of markets arrived. */
  readonly loaded = signal(false);
  readonly viewer: ReadonlySignal<Viewer>;

  #api: LaneBettingOptions["api"];
  #auth: LaneBettingOptions["auth"];
  #wallet: LaneBettingOptions["wallet"];

  constructor(options: LaneBettingOptions) {
    this.laneId = options.laneId;
    this.#api = options.api;
    this.#auth = options.auth;
    this.#wallet = options.wallet;
    this.markets = new MarketList(options.laneId);
    this.bets = new LaneBets(options.laneId);
    this.slip = new BetSlip({
      markets: this.markets,
      api: options.api,
      onPlaced: (bet) => this.bets.receive(bet),
    });
    this.viewer = computed(() => viewerOf(this.#auth.user.value?.role));
  }

  /** Extra live events for the lane's stream, each with its parsed JSON data. */
  readonly listeners: Record<string, (value: unknown) => void> = {
    [LIVE_MARKET_EVENT]: (value) => {
      if (isMarket(value)) this.markets.receive(value);
    },
    [LIVE_BET_EVENT]: (value) => {
      if (isBet(value)) this.bets.receive(value);
    },
    [LIVE_BETS_EVENT]: (value) => {
      if (Array.isArray(value)) { for (const bet of value) if (isBet(bet)) this.bets.receive(bet); }
    },
    [LIVE_WALLET_EVENT]: (value) => {
      if (isWallet(value)) this.#wallet.receive(value);
    },
  };

  /** A live ticket for a bettor's stream (their own `bet` and `wallet` events); null for others. */
  ticket = async (): Promise<string | null> => {
    await this.#signInKnown();
    if (this.viewer.peek() !== "bettor") return null;
    try {
      return (await this.#api.liveTicket()).ticket;
    } catch {
      return null; // markets still come; bets and wallet show as of the last read
    }
  };

  /** Reads the markets (and a bettor's bets and wallet) again: on every (re)connection. */
  resync = async (): Promise<void> => {
    const bettor = this.viewer.peek() === "bettor";
    const [markets] = await Promise.allSettled([
      this.#api.laneMarkets(this.laneId).then((list) => {
        this.markets.load(list);
        this.loaded.value = true;
        this.error.value = null;
      }),
      bettor ? this.#loadBets() : Promise.resolve(),
      bettor ? this.#wallet.load() : Promise.resolve(),
    ]);
    if (markets.status === "rejected") this.error.value = describeError(markets.reason);
  };

  /** Resolves once the sign-in is restored (or known absent), so the first stream is the right one. */
  #signInKnown(): Promise<void> {
    return new Promise((resolve) => {
      const stop = effect(() => {
        if (this.#auth.status.value === "restoring") return;
        resolve();
        queueMicrotask(() => stop());
      });
    });
  }

  async #loadBets(): Promise<void> {
    const [open, settled, voided] = await Promise.all([
      this.#api.bets("open", { limit: 20 }),
      this.#api.bets("settled", { limit: 20 }),
      this.#api.bets("void", { limit: 10 }),
    ]);
    this.bets.load([...open.items, ...settled.items, ...voided.items]);
  }
}

function viewerOf(role: string | undefined): Viewer {
  if (role === undefined) return "signedOut";
  if (role === "bettor") return "bettor";
  if (role === "staff" || role === "admin") return "staff";
  return "spectator";
}
