/**
 * Fair probabilities from a bowler's own history, each shrunk toward a prior
 * so that a bowler with little history gets sensible numbers and no outcome
 * is ever certain: every probability is clamped to [0.01, 0.99] and rounded
 * to 4 decimals, and the two sides of a market sum to exactly 1.
 *
 * - strike: Laplace, (strikes + 1) / (first balls + 2).
 * - pins over/under: the empirical distribution of first-ball pin counts plus
 *   {@linkcode PINS_PRIOR}, pseudo-counts of a typical league bowler (mean 8).
 * - spare: a Beta prior whose mean depends on the leave ({@linkcode sparePrior}:
 *   pins left, and whether it is a split), updated with the bowler's attempts
 *   at leaves of the same difficulty.
 * - speed over/under: a normal fitted to the recent speeds.
 *
 * @example
 * ```ts
 * import { strikeProbability, yesNo } from "./market_fair.ts";
 *
 * yesNo(strikeProbability(3, 10)); // { yes: 0.3333, no: 0.6667 }
 * ```
 * @module
 */
import { countPins, FULL_RACK, isSplit } from "./pins.ts";

export const MIN_PROBABILITY = 0.01;
export const MAX_PROBABILITY = 0.99;

/** p clamped to [0.01, 0.99] and rounded to 4 decimals; NaN counts as 0.5. */
export function clampProbability(p: number): number {
  const q = Number.isNaN(p) ? 0.5 : Math.min(MAX_PROBABILITY, Math.max(MIN_PROBABILITY, p));
  return Math.round(q * 10_000) / 10_000;
}

/** Two sides summing to exactly 1 (4 decimals each). */
function twoSides<A extends string, B extends string>(
  a: A,
  b: B,
  p: number,
): Record<A | B, number> {
  const units = Math.round(clampProbability(p) * 10_000);
  return { [a]: units / 10_000, [b]: (10_000 - units) / 10_000 } as Record<A | B, number>;
}

export const yesNo = (pYes: number): { yes: number; no: number } => twoSides("yes", "no", pYes);
export const overUnder = (pOver: number): { over: number; under: number } =>
  twoSides("over", "under", pOver);

/** Laplace's rule: (strikes + 1) / (firstBalls + 2). */
export function strikeProbability(strikes: number, firstBalls: number): number {
  return (strikes + 1) / (firstBalls + 2);
}

/**
 * Pseudo-counts of first-ball pin counts 0…10 for a typical league bowler
 * (total 10, mean ≈ 8, a strike about 30 % of the time).
 */
export const PINS_PRIOR: readonly number[] = [
  0.05,
  0.05,
  0.1,
  0.2,
  0.3,
  0.5,
  0.8,
  1.2,
  1.6,
  2.2,
  3,
];

/** The line when the history is too short (fewer than {@linkcode MIN_LINE_HISTORY} first balls). */
export const DEFAULT_PINS_LINE = 7.5;
export const MIN_LINE_HISTORY = 3;

/**
 * The x.5 line in 0.5…9.5 that splits the bowler's own first-ball pin counts
 * closest to evenly (ties toward 7.5, then the lower line); 7.5 with fewer
 * than 3 counts.
 */
export function pinsLine(counts: readonly number[]): number {
  if (counts.length < MIN_LINE_HISTORY) return DEFAULT_PINS_LINE;
  let best = DEFAULT_PINS_LINE;
  let bestGap = Infinity;
  for (let line = 0.5; line < 10; line++) {
    const over = counts.filter((c) => c > line).length / counts.length;
    const gap = Math.abs(over - 0.5);
    const closer = gap < bestGap - 1e-12 ||
      (Math.abs(gap - bestGap) <= 1e-12 &&
        Math.abs(line - DEFAULT_PINS_LINE) < Math.abs(best - DEFAULT_PINS_LINE));
    if (closer) {
      best = line;
      bestGap = gap;
    }
  }
  return best;
}

/** P(pins > line) from the counts plus {@linkcode PINS_PRIOR}. */
export function pinsOverProbability(counts: readonly number[], line: number): number {
  let over = 0;
  let total = 0;
  PINS_PRIOR.forEach((w, pins) => {
    total += w;
    if (pins > line) over += w;
  });
  for (const c of counts) {
    total++;
    if (c > line) over++;
  }
  return over / total;
}

/** How strongly the spare prior counts, in attempts. */
export const SPARE_PRIOR_WEIGHT = 4;
/** Typical conversion by pins left (index = pins left; 10 = a full rack after a foul). */
const SPARE_BY_PINS = [0.5, 0.85, 0.6, 0.45, 0.35, 0.25, 0.2, 0.16, 0.13, 0.11, 0.25];
const SPLIT_CONVERSION = 0.1;

/** A typical league bowler's chance of clearing `leave` (a split is hard whatever its count). */
export function sparePrior(leave: number): number {
  return isSplit(leave) ? SPLIT_CONVERSION : SPARE_BY_PINS[countPins(leave & FULL_RACK)];
}

/** Leaves of the same difficulty: the same pin count and both splits or both not. */
export function sameDifficulty(a: number, b: number): boolean {
  return countPins(a) === countPins(b) && isSplit(a) === isSplit(b);
}

/**
 * P(clearing `leave`) from the bowler's attempts (`leave` faced, `converted`):
 * Beta(w·p0, w·(1 − p0)) with p0 = {@linkcode sparePrior}, updated with the
 * attempts at leaves of the same difficulty.
 */
export function spareProbability(
  leave: number,
  attempts: readonly { leave: number; converted: boolean }[],
): number {
  const p0 = sparePrior(leave);
  let n = 0;
  let made = 0;
  for (const a of attempts) {
    if (!sameDifficulty(a.leave, leave)) continue;
    n++;
    if (a.converted) made++;
  }
  return (made + SPARE_PRIOR_WEIGHT * p0) / (n + SPARE_PRIOR_WEIGHT);
}

/** Speeds needed for a speed market, and how many recent ones count. */
export const MIN_SPEEDS = 3;
export const RECENT_SPEEDS = 10;
/** The spread assumed at least (mph): measurement noise, and no certainty from identical speeds. */
export const MIN_SPEED_SD = 0.5;

/** The last ≤ 10 usable speeds (finite, > 0), oldest first. */
export function recentSpeeds(speeds: readonly (number | null)[]): number[] {
  const usable = speeds.filter((s): s is number =>
    typeof s === "number" && Number.isFinite(s) && s > 0
  );
  return usable.slice(-RECENT_SPEEDS);
}

/** Mean and sample standard deviation (at least {@linkcode MIN_SPEED_SD}). */
export function speedFit(speeds: readonly number[]): { mean: number; sd: number } {
  const mean = speeds.reduce((a, b) => a + b, 0) / speeds.length;
  const variance = speeds.length > 1
    ? speeds.reduce((a, s) => a + (s - mean) ** 2, 0) / (speeds.length - 1)
    : 0;
  return { mean, sd: Math.max(MIN_SPEED_SD, Math.sqrt(variance)) };
}

/** The x.5 nearest the mean: floor(mean) + 0.5. */
export function speedLine(mean: number): number {
  return Math.floor(mean) + 0.5;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** P(speed > line) under the normal fitted to `speeds`. */
export function speedOverProbability(speeds: readonly number[], line: number): number {
  const { mean, sd } = speedFit(speeds);
  return 1 - normalCdf((line - mean) / sd);
}
