/**
 * Markets in the console: one lane's (kept live by the lane's event stream)
 * or every lane's (polled), and the staff actions on them. Suspending asks
 * for a confirmation in the view; voiding, disputing and resolving ask for
 * a reason in a small form the model holds, so the form is testable here.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { describeError } from "../api.ts";
import { EventStream, type StreamStatus } from "./event_stream.ts";
import { sortMarkets } from "./market_format.ts";
import { Poller } from "./poller.ts";
import type { Market, MarketState, StaffApi } from "./staff_api.ts";

export type MarketAction = "suspend" | "void" | "dispute" | "resolve";
/** The actions that ask for a reason first. */
export type ReasonAction = Exclude<MarketAction, "suspend">;

/** What staff may do to a market in each state (core/market_state.ts has the full machine). Pure. */
export function marketActions(state: MarketState): MarketAction[] {
  switch (state) {
    case "open":
      return ["suspend", "void"];
    case "suspended":
      return ["void"];
    case "determined":
      return ["dispute"];
    case "disputed":
      return ["resolve"];
    default:
      return [];
  }
}

/**
 * Puts a market into a list: a new one is added, a known one replaced unless
 * the list already holds a later version (events can overtake an answer).
 * Pool changes keep the version, so an equal version replaces. Pure.
 */
export function upsertMarket(list: readonly Market[], market: Market): Market[] {
  const at = list.findIndex((m) => m.id === market.id);
  if (at < 0) return [...list, market];
  if (list[at].version > market.version) return [...list];
  return list.map((m, i) => i === at ? market : m);
}

/**
 * A fresh list from the server, except where an event already brought a later
 * version of a market than the answer (the answer left before the event). Pure.
 */
export function mergeNewer(answer: readonly Market[], known: readonly Market[]): Market[] {
  const byId = new Map(known.map((m) => [m.id, m]));
  return answer.map((m) => {
    const mine = byId.get(m.id);
    return mine && mine.version > m.version ? mine : m;
  });
}

/** The open reason form: which market, which action, what result (resolve only). */
export interface MarketDialog {
  marketId: string;
  action: ReasonAction;
}

export const VOID_RESULT = "void";

/** core/markets.ts `LIVE_MARKET_EVENT` (not imported: the browser bundles no zod). */
const MARKET_EVENT = "market";

export interface MarketsModelOptions {
  api: Pick<
    StaffApi,
    | "listMarkets"
    | "suspendMarket"
    | "voidMarket"
    | "disputeMarket"
    | "resolveMarket"
    | "liveUrl"
  >;
  /** One lane's markets; every lane's when absent. */
  laneId?: string;
  limit?: number;
}

export class MarketsModel {
  readonly laneId: string | undefined;
  /** The markets as last known, or null until the first answer. */
  readonly markets = signal<Market[] | null>(null);
  readonly sorted: ReadonlySignal<Market[] | null> = computed(() => {
    const list = this.markets.value;
    return list && sortMarkets(list);
  });
  /** Only markets in this state (the all-lanes page's filter); "" for any. */
  readonly state = signal<MarketState | "">("");
  readonly error = signal<string | null>(null);
  /** Id of the market an action is running on. */
  readonly busy = signal<string | null>(null);
  readonly dialog = signal<MarketDialog | null>(null);
  readonly reason = signal("");
  /** resolve: the winning outcome key, or {@linkcode VOID_RESULT}. */
  readonly result = signal("");
  /** The live stream's state when following a lane. */
  readonly liveStatus = signal<StreamStatus>("idle");

  #api: MarketsModelOptions["api"];
  #limit: number;
  #requests = 0;

  constructor(options: MarketsModelOptions) {
    this.#api = options.api;
    this.laneId = options.laneId;
    this.#limit = options.limit ?? 50;
  }

  /**
   * Fetches the list again. An answer to an earlier request than the last one
   * is dropped: it may be for another filter (a poll in flight when staff
   * picked a state).
   */
  async reload(): Promise<void> {
    const request = ++this.#requests;
    try {
      const { markets } = await this.#api.listMarkets({
        laneId: this.laneId,
        state: this.state.peek() || undefined,
        limit: this.#limit,
      });
      if (request !== this.#requests) return;
      this.markets.value = mergeNewer(markets, this.markets.peek() ?? []);
      this.error.value = null;
    } catch (error) {
      if (request === this.#requests) this.error.value = describeError(error);
    }
  }

  /** A `market` event from the lane's live stream. */
  applyEvent(market: Market): void {
    if (this.laneId !== undefined && market.laneId !== this.laneId) return;
    const filter = this.state.peek();
    if (filter && market.state !== filter) {
      const list = this.markets.peek();
      if (list?.some((m) => m.id === market.id)) {
        this.markets.value = list.filter((m) => m.id !== market.id);
      }
      return;
    }
    this.markets.value = upsertMarket(this.markets.peek() ?? [], market);
  }

  /** Follows the lane's live stream (reloading after every reconnection) with this fetch. */
  follow(fetch: typeof globalThis.fetch): () => void {
    if (this.laneId === undefined) throw new Error("Only one lane's markets can be followed");
    const stream = new EventStream({
      url: this.#api.liveUrl(this.laneId),
      fetch,
      onOpen: () => void this.reload(),
      onEvent: (event) => {
        if (event.event !== MARKET_EVENT) return;
        try {
          this.applyEvent(JSON.parse(event.data) as Market);
        } catch {
          // a malformed event is skipped; the next reload corrects the list
        }
      },
    });
    const unsubscribe = stream.status.subscribe((s) => this.liveStatus.value = s);
    stream.start();
    return () => {
      stream.stop();
      unsubscribe();
    };
  }

  /** Polls every `intervalMs` (the all-lanes page, which has no single stream to follow). */
  poll(intervalMs = 5000): () => void {
    const poller = new Poller({ intervalMs, refresh: () => this.reload() });
    poller.start();
    return () => poller.stop();
  }

  suspend(marketId: string): Promise<boolean> {
    return this.#run(marketId, () => this.#api.suspendMarket(marketId));
  }

  /** Opens the reason form for an action on a market. */
  ask(marketId: string, action: ReasonAction): void {
    this.dialog.value = { marketId, action };
    this.reason.value = "";
    this.result.value = "";
    this.error.value = null;
  }

  cancel(): void {
    this.dialog.value = null;
  }

  /** Whether the open form can be sent: a reason of 3+ characters, and a result to resolve with. */
  readonly canSubmit: ReadonlySignal<boolean> = computed(() => {
    const dialog = this.dialog.value;
    if (!dialog || this.reason.value.trim().length < 3) return false;
    return dialog.action !== "resolve" || this.result.value !== "";
  });

  /** Sends the open form; it closes when the server agrees. */
  async submit(): Promise<boolean> {
    const dialog = this.dialog.peek();
    if (!dialog || !this.canSubmit.peek()) return false;
    const { marketId, action } = dialog;
    const reason = this.reason.peek().trim();
    const result = this.result.peek();
    const done = await this.#run(marketId, () => {
      if (action === "void") return this.#api.voidMarket(marketId, reason);
      if (action === "dispute") return this.#api.disputeMarket(marketId, reason);
      return this.#api.resolveMarket(
        marketId,
        result === VOID_RESULT ? { void: true } : { result },
        reason,
      );
    });
    if (done && this.dialog.peek() === dialog) this.dialog.value = null;
    return done;
  }

  async #run(marketId: string, call: () => Promise<Market>): Promise<boolean> {
    this.busy.value = marketId;
    this.error.value = null;
    try {
      const market = await call();
      if (market && typeof market === "object" && "id" in market) {
        this.markets.value = upsertMarket(this.markets.peek() ?? [], market);
      } else {
        await this.reload();
      }
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.busy.value = null;
    }
  }
}
