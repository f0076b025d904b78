/**
 * The arithmetic of the My games charts: a linear scale from data to
 * pixels, and round tick values for an axis. Pure.
 *
 * @example
 * ```ts
 * import { niceTicks, linearScale } from "./chart_scale.ts";
 * niceTicks(13.2, 18.9, 5); // [12, 14, 16, 18, 20]
 * linearScale([0, 10], [100, 0])(5); // 50
 * ```
 * @module
 */

/** Maps `domain` onto `range` linearly (a zero-width domain maps to the middle of the range). */
export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * About `count` round values (steps of 1, 2 or 5 times a power of ten) that
 * cover `min`…`max`, from the last step at or below `min` to the first at or
 * above `max`. Equal ends are first widened by half a unit either side, so one
 * value sits mid-axis.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min > max) [min, max] = [max, min];
  if (min === max) [min, max] = [min - 0.5, max + 0.5];
  const span = max - min;
  const raw = span / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(round(v, step));
  return ticks;
}

/** `v` without the float noise of repeated adds, to the precision of `step`. */
function round(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(digits));
}

/** About `count` whole numbers from 1 to `n` (always both ends) for an axis of items 1…n. */
export function indexTicks(n: number, count = 5): number[] {
  if (n <= 1) return n === 1 ? [1] : [];
  const step = Math.max(1, Math.ceil((n - 1) / Math.max(1, count - 1)));
  const ticks: number[] = [];
  for (let v = 1; v < n; v += step) ticks.push(v);
  if (n - ticks[ticks.length - 1] < step / 2 && ticks.length > 1) ticks.pop();
  ticks.push(n);
  return ticks;
}
