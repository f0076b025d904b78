/**
 * A market's outcomes as the wire shows them: each key in display order with
 * its label, its pool, its indicative odds from the pools and its fair
 * probability from the bowler's history.
 * @module
 */
import { type MarketKind, type Outcome, OUTCOME_KEYS } from "../../core/markets.ts";

/** Stake per outcome (minor units). */
export type Pools = Record<string, number>;

/** Indicative decimal odds of each outcome: net pool ÷ the outcome's pool; null while it is empty. */
function oddsOf(pools: Pools, keys: readonly string[], takeoutBps: number) {
  const pool = keys.reduce((s, k) => s + (pools[k] ?? 0), 0);
  const net = Math.floor(pool * (10000 - takeoutBps) / 10000);
  return Object.fromEntries(
    keys.map((k) => [k, pools[k] ? Math.round(net / pools[k] * 100) / 100 : null]),
  );
}

function labelOf(kind: MarketKind, key: string, line: number | null): string {
  if (kind === "strike" || kind === "spare") return key === "yes" ? "Yes" : "No";
  const unit = kind === "speed-over-under" ? " mph" : " pins";
  return `${key === "over" ? "Over" : "Under"} ${line}${unit}`;
}

export function outcomesOf(m: {
  kind: MarketKind;
  line: number | null;
  takeoutBps: number;
  pools: Pools;
  fair: Record<string, number>;
}): Outcome[] {
  const keys = OUTCOME_KEYS[m.kind];
  const odds = oddsOf(m.pools, keys, m.takeoutBps);
  return keys.map((key) => ({
    key,
    label: labelOf(m.kind, key, m.line),
    pool: m.pools[key] ?? 0,
    odds: odds[key] ?? null,
    fairProbability: typeof m.fair[key] === "number" ? m.fair[key] : null,
  }));
}

/** True when `outcome` is one of the kind's keys. */
export function isOutcomeOf(kind: MarketKind, outcome: string): boolean {
  return OUTCOME_KEYS[kind].includes(outcome);
}
