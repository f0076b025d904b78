/**
 * A lane's markets as the bettor's screens show them, kept live: loaded once
 * from `GET /api/lanes/{id}/markets` (and again when the live stream
 * reconnects), then updated by the lane's `market` events — a new market
 * appears, odds move as money comes in, a market suspends and settles. A
 * copy older than the one held (a lower `version`) is ignored; the same
 * version replaces it, since pools move without a version bump.
 *
 * @example
 * ```ts
 * const list = new MarketList("1");
 * list.load(await api.laneMarkets("1"));
 * list.receive(marketFromEvent);
 * list.shown.value; // open and suspended first, then the last few settled
 * ```
 * @module
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import type { Market, MarketKind } from "../../core/markets.ts";

/** Display order of a ball's markets (types only come from core/markets.ts: no zod in the bundle). */
const KIND_ORDER: Record<MarketKind, number> = {
  strike: 0,
  "pins-over-under": 1,
  spare: 2,
  "speed-over-under": 3,
};

/** States in which a market still waits for its ball. */
const ACTIVE = new Set<Market["state"]>(["open", "suspended", "disputed"]);

/** How many settled or void markets stay listed under the active ones. */
export const KEEP_SETTLED = 3;

export class MarketList {
  readonly laneId: string;
  /** Every market held, by id. */
  readonly byId = signal<ReadonlyMap<string, Market>>(new Map());
  /** Active markets (newest ball first, kinds in a fixed order), then the last few settled. */
  readonly shown: ReadonlySignal<Market[]>;

  constructor(laneId: string, keepSettled = KEEP_SETTLED) {
    this.laneId = laneId;
    this.shown = computed(() => orderMarkets([...this.byId.value.values()], keepSettled));
  }

  /** Replaces the list with a fresh answer from the API. */
  load(markets: readonly Market[]): void {
    this.byId.value = new Map(
      markets.filter((m) => m.laneId === this.laneId).map((m) => [m.id, m]),
    );
  }

  /** Applies one `market` event; markets of other lanes and stale copies are ignored. */
  receive(market: Market): boolean {
    if (market.laneId !== this.laneId) return false;
    const held = this.byId.peek().get(market.id);
    if (held && held.version > market.version) return false;
    const next = new Map(this.byId.peek());
    next.set(market.id, market);
    this.byId.value = next;
    return true;
  }

  get(id: string): Market | undefined {
    return this.byId.value.get(id);
  }
}

/** Whether a market still waits for its ball (open, suspended, or disputed). */
export function isActive(market: Pick<Market, "state">): boolean {
  return ACTIVE.has(market.state);
}

/** Active markets first (newest ball first, then kind order), then up to `keepSettled` settled ones. Pure. */
export function orderMarkets(markets: readonly Market[], keepSettled = KEEP_SETTLED): Market[] {
  const byBall = (a: Market, b: Market) =>
    b.openedAt.localeCompare(a.openedAt) ||
    b.ball.frame - a.ball.frame || b.ball.ball - a.ball.ball ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  const active = markets.filter(isActive).sort(byBall);
  const settled = markets.filter((m) => !isActive(m)).sort(byBall).slice(0, keepSettled);
  return [...active, ...settled];
}

/** Whether a value looks like a Market (a live event's data is checked before use). */
export function isMarket(v: unknown): v is Market {
  const m = v as Market;
  return typeof v === "object" && v !== null && typeof m.id === "string" &&
    typeof m.laneId === "string" && typeof m.version === "number" &&
    typeof m.state === "string" && Array.isArray(m.outcomes) &&
    typeof m.ball === "object" && m.ball !== null;
}
