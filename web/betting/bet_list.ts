/**
 * The bettor's recent bets on one lane, kept live: loaded once (and on every
 * reconnection of the live stream) from `GET /api/bets`, then replaced bet by
 * bet as the user's `bet` events arrive — placed, won or lost with the
 * payout, voided with a reason. No polling.
 *
 * @example
 * ```ts
 * const bets = new LaneBets("1");
 * bets.load([...open, ...settled]);
 * bets.receive(betFromEvent); // open → won
 * ```
 * @module
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import type { Bet } from "../../core/markets.ts";
import { formatMoney } from "./money.ts";

/** How many recent bets the lane page lists. */
export const KEEP_BETS = 6;

export class LaneBets {
  readonly laneId: string;
  readonly #byId = signal<ReadonlyMap<string, Bet>>(new Map());
  /** This lane's bets, newest first, at most `keep`. */
  readonly recent: ReadonlySignal<Bet[]>;

  constructor(laneId: string, keep = KEEP_BETS) {
    this.laneId = laneId;
    this.recent = computed(() =>
      [...this.#byId.value.values()]
        .sort((a, b) => b.placedAt.localeCompare(a.placedAt) || b.id.localeCompare(a.id))
        .slice(0, keep)
    );
  }

  /**
   * Merges bets read from the API (other lanes' are dropped). Bets are never
   * deleted, so one held but not in the answer stays: it arrived (placed, or
   * as an event) while the answer was on its way.
   */
  load(bets: readonly Bet[]): void {
    const next = new Map(this.#byId.peek());
    for (const bet of bets) if (this.#fresher(next, bet)) next.set(bet.id, bet);
    this.#byId.value = next;
  }

  /** Adds or replaces one bet (a `bet` event or a bet just placed). */
  receive(bet: Bet): boolean {
    const next = new Map(this.#byId.peek());
    if (!this.#fresher(next, bet)) return false;
    next.set(bet.id, bet);
    this.#byId.value = next;
    return true;
  }

  /** Whether `bet` is of this lane and may replace the copy held (a settled one never reopens). */
  #fresher(held: ReadonlyMap<string, Bet>, bet: Bet): boolean {
    if (bet.market.laneId !== this.laneId) return false;
    const copy = held.get(bet.id);
    return !(copy && copy.state !== "open" && bet.state === "open");
  }
}

export interface BetOutcomeText {
  /** "Open", "Won", "Lost", "Void". */
  label: string;
  /** "Paid $12.00", "Stake $5.00 returned", "" while open. */
  detail: string;
}

/** What a bet's state says in words (payout and refunds in money). */
export function describeBetState(bet: Pick<Bet, "state" | "payout" | "stake" | "currency">) {
  const money = (minor: number) => formatMoney(minor, bet.currency);
  switch (bet.state) {
    case "open":
      return { label: "Open", detail: "" };
    case "won":
      return { label: "Won", detail: `Paid ${money(bet.payout ?? 0)}` };
    case "lost":
      return { label: "Lost", detail: `−${money(bet.stake)}` };
    case "void":
      return { label: "Void", detail: `${money(bet.stake)} returned` };
  }
}

/** Whether a value looks like a Bet (a live event's data is checked before use). */
export function isBet(v: unknown): v is Bet {
  const b = v as Bet;
  return typeof v === "object" && v !== null && typeof b.id === "string" &&
    typeof b.stake === "number" && typeof b.state === "string" &&
    typeof b.market === "object" && b.market !== null && typeof b.market.laneId === "string";
}
