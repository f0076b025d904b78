/**
 * A market's outcomes as the wire shows them: each key in display order with
 * its label, its pool, its indicative odds from the pools and its fair
 * probability from the bowler's history.
 * @module
 */
import { type MarketKind, type Outcome, OUTCOME_KEYS } from "../../core/markets.ts";
import { indicativeOdds } from "../../core/parimutuel.ts";
import { isOutcomeKey, outcomeLabel } from "../../core/market_labels.ts";

/** Stake per outcome (minor units). */
export type Pools = Record<string, number>;

export function outcomesOf(m: {
  kind: MarketKind;
  line: number | null;
  takeoutBps: number;
  pools: Pools;
  fair: Record<string, number>;
}): Outcome[] {
  const keys = OUTCOME_KEYS[m.kind];
  const odds = indicativeOdds(
    Object.fromEntries(keys.map((k) => [k, m.pools[k] ?? 0])),
    m.takeoutBps,
  );
  return keys.map((key) => ({
    key,
    label: outcomeLabel(m.kind, key, m.line),
    pool: m.pools[key] ?? 0,
    odds: roundOdds(odds[key] ?? null),
    fairProbability: typeof m.fair[key] === "number" ? m.fair[key] : null,
  }));
}

/** True when `outcome` is one of the kind's keys. */
export function isOutcomeOf(kind: MarketKind, outcome: string): boolean {
  return isOutcomeKey(kind, outcome);
}

/** Odds to two decimals, as a tote board shows them (indicative only). */
function roundOdds(odds: number | null): number | null {
  return odds === null ? null : Math.floor(odds * 100 + 1e-9) / 100;
}
