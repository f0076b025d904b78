/**
 * The bet slip: pick an outcome, tap a preset stake, confirm. It sends the
 * market version the bettor saw; when the market moved on meanwhile the
 * server answers 409 `market-version-stale`, the slip reloads the lane's
 * markets and asks again with the new odds. `market-suspended` (the bowler
 * started the approach) closes it with a word why, `insufficient-funds`
 * points to the wallet. One idempotency key per body, so a retry after a
 * dropped connection can never place a second bet.
 *
 * @example
 * ```ts
 * const slip = new BetSlip({ markets, api, onPlaced: (bet) => bets.receive(bet) });
 * slip.pick(market.id, "yes");
 * slip.chooseStake(500);
 * await slip.confirm(); // slip.step.value: "placed" | "stale" | "suspended" | …
 * ```
 * @module
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { estimatePayout } from "../../core/parimutuel.ts";
import { ApiError, describeError } from "../api.ts";
import type { Bet, BettingApi, Market, PlaceBetBody } from "./betting_api.ts";
import { newIdempotencyKey } from "./betting_api.ts";
import type { MarketList } from "./market_list.ts";

/**
 * `stake`: outcome picked, choose a stake · `confirm`: ready to send ·
 * `placing` · `placed` · `stale`: the market changed, confirm again ·
 * `suspended`: no more bets on this ball · `insufficient`: not enough money ·
 * `error`: anything else (message says what).
 */
export type SlipStep =
  | "stake"
  | "confirm"
  | "placing"
  | "placed"
  | "stale"
  | "suspended"
  | "insufficient"
  | "error";

export interface SlipSelection {
  marketId: string;
  outcome: string;
  /** The market version the bettor saw when picking (or when asked again). */
  version: number;
}

export interface BetSlipOptions {
  markets: MarketList;
  api: Pick<BettingApi, "placeBet" | "laneMarkets">;
  /** Called with a bet the server accepted. */
  onPlaced?: (bet: Bet) => void;
  /** Default: {@linkcode newIdempotencyKey}. */
  newKey?: () => string;
}

export class BetSlip {
  readonly selection = signal<SlipSelection | null>(null);
  /** Minor units; null until a preset is tapped. */
  readonly stake = signal<number | null>(null);
  readonly step = signal<SlipStep>("stake");
  readonly message = signal<string | null>(null);
  /** The last bet placed from this slip. */
  readonly placed = signal<Bet | null>(null);
  /** The picked market as it stands now (live). */
  readonly market: ReadonlySignal<Market | null> = computed(() => {
    const id = this.selection.value?.marketId;
    return (id && this.#markets.get(id)) || null;
  });
  /** An estimate of what the stake would return if it wins, at the pools as they stand. */
  readonly estimate: ReadonlySignal<number | null> = computed(() => {
    const market = this.market.value;
    const sel = this.selection.value;
    const stake = this.stake.value;
    return market && sel && stake ? estimateReturn(market, sel.outcome, stake) : null;
  });

  #markets: MarketList;
  #api: BetSlipOptions["api"];
  #onPlaced: (bet: Bet) => void;
  #newKey: () => string;
  /** The idempotency key of the last body sent, reused only for that same body. */
  #sent: { body: string; key: string } | null = null;

  constructor(options: BetSlipOptions) {
    this.#markets = options.markets;
    this.#api = options.api;
    this.#onPlaced = options.onPlaced ?? (() => {});
    this.#newKey = options.newKey ?? newIdempotencyKey;
  }

  /** Opens the slip on one outcome of a market (the version seen now is the one sent). */
  pick(marketId: string, outcome: string): void {
    const market = this.#markets.get(marketId);
    if (!market || this.step.peek() === "placing") return;
    this.selection.value = { marketId, outcome, version: market.version };
    this.placed.value = null;
    this.message.value = null;
    this.step.value = this.stake.peek() === null ? "stake" : "confirm";
  }

  /** One tap on a preset stake. */
  chooseStake(minor: number): void {
    if (!this.selection.peek() || this.step.peek() === "placing") return;
    this.stake.value = minor;
    this.message.value = null;
    this.step.value = "confirm";
  }

  /** Closes the slip. */
  cancel(): void {
    if (this.step.peek() === "placing") return;
    this.selection.value = null;
    this.message.value = null;
    this.step.value = "stake";
  }

  /** Sends the bet; the outcome shows in `step` (and `message`). */
  async confirm(): Promise<void> {
    const sel = this.selection.peek();
    const stake = this.stake.peek();
    if (!sel || stake === null || this.step.peek() === "placing") return;
    const market = this.#markets.get(sel.marketId);
    if (!market || market.state !== "open") {
      this.#close("suspended", "Betting on this ball has closed");
      return;
    }
    const body: Omit<PlaceBetBody, "idempotencyKey"> = {
      marketId: sel.marketId,
      outcome: sel.outcome,
      stake,
      marketVersion: sel.version,
    };
    const bodyText = JSON.stringify(body);
    const key = this.#sent?.body === bodyText ? this.#sent.key : this.#newKey();
    this.#sent = { body: bodyText, key };
    this.step.value = "placing";
    this.message.value = null;
    try {
      const bet = await this.#api.placeBet({ ...body, idempotencyKey: key });
      this.#sent = null;
      this.placed.value = bet;
      this.step.value = "placed";
      this.#onPlaced(bet);
    } catch (error) {
      await this.#refused(error, sel);
    }
  }

  async #refused(error: unknown, sel: SlipSelection): Promise<void> {
    const code = error instanceof ApiError ? error.code : undefined;
    if (error instanceof ApiError) this.#sent = null; // answered: the next try is a new request
    if (code === "market-version-stale") {
      await this.#reloadMarkets();
      const now = this.#markets.get(sel.marketId);
      const told = Number(error instanceof ApiError ? error.extra.version : NaN);
      const version = Math.max(now?.version ?? 0, Number.isInteger(told) ? told : 0);
      if (now && now.state !== "open") {
        this.#close("suspended", "Betting on this ball has closed");
        return;
      }
      this.selection.value = { ...sel, version: version || sel.version };
      this.step.value = "stale";
      this.message.value = "The market changed. Check the odds and confirm again";
    } else if (code === "market-suspended") {
      this.#close("suspended", "Betting on this ball has closed: the bowler is on the approach");
      void this.#reloadMarkets();
    } else if (code === "insufficient-funds") {
      this.step.value = "insufficient";
      this.message.value = "Not enough demo money for this stake";
    } else {
      this.step.value = "error";
      this.message.value = describeError(error);
    }
  }

  #close(step: SlipStep, message: string): void {
    this.step.value = step;
    this.message.value = message;
  }

  async #reloadMarkets(): Promise<void> {
    try {
      const markets = await this.#api.laneMarkets(this.#markets.laneId);
      for (const market of markets) this.#markets.receive(market);
    } catch {
      // The live stream still brings the market's next state.
    }
  }
}

/**
 * What `stake` on `outcome` would pay if it won with the pools as they stand
 * plus this stake (core/parimutuel.ts, the server's own maths); null when no
 * money is on any other outcome (a one-sided market refunds every stake).
 */
export function estimateReturn(
  market: Pick<Market, "outcomes" | "takeoutBps">,
  outcome: string,
  stake: number,
): number | null {
  if (!market.outcomes.some((o) => o.key === outcome) || stake <= 0) return null;
  if (market.outcomes.every((o) => o.key === outcome || o.pool === 0)) return null;
  const pools = Object.fromEntries(market.outcomes.map((o) => [o.key, o.pool]));
  return estimatePayout(pools, outcome, stake, market.takeoutBps);
}
