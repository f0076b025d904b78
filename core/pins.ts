/**
 * Pins as a 10-bit standing state: bit `i` is pin `i + 1`, set while it
 * stands. Pin 1 is the head pin, 7 back-left and 10 back-right from the
 * bowler's view. Also the split rule over the pins' positions.
 *
 * @example
 * ```ts
 * import { isSplit, pinsOf, standingOf } from "./pins.ts";
 *
 * const leave = standingOf([7, 10]); // 0b1001000000
 * pinsOf(leave); // [7, 10]
 * isSplit(leave); // true
 * ```
 * @module
 */

/** All ten pins standing. */
export const FULL_RACK = 0x3ff;
/** Every pin down. */
export const NO_PINS = 0;

/** True for a whole number 0…1023, a valid standing state. */
export function isStanding(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= FULL_RACK;
}

/** The pin numbers (1…10, ascending) standing in `standing`. */
export function pinsOf(standing: number): number[] {
  const pins: number[] = [];
  for (let i = 0; i < 10; i++) if (standing & (1 << i)) pins.push(i + 1);
  return pins;
}

/** The standing state with exactly these pins (1…10) standing. */
export function standingOf(pins: Iterable<number>): number {
  let s = 0;
  for (const p of pins) {
    if (!Number.isInteger(p) || p < 1 || p > 10) throw new RangeError(`Cannot find pin "${p}"`);
    s |= 1 << (p - 1);
  }
  return s;
}

/** How many pins stand in `standing`. */
export function countPins(standing: number): number {
  let n = 0;
  for (let s = standing & FULL_RACK; s; s &= s - 1) n++;
  return n;
}

/**
 * Pin spots on a lattice: `row` 0 (head pin) … 3 (back row) and `x` across
 * in half pin spacings, negative to the bowler's left. Pins whose spots are
 * one spacing apart touch-neighbour each other.
 */
const SPOTS: readonly { row: number; x: number }[] = [
  { row: 0, x: 0 }, // 1
  { row: 1, x: -1 }, // 2
  { row: 1, x: 1 }, // 3
  { row: 2, x: -2 }, // 4
  { row: 2, x: 0 }, // 5
  { row: 2, x: 2 }, // 6
  { row: 3, x: -3 }, // 7
  { row: 3, x: -1 }, // 8
  { row: 3, x: 1 }, // 9
  { row: 3, x: 3 }, // 10
];

/** One pin spacing apart: same row and two half spacings, or adjacent rows and one. */
function neighbours(a: number, b: number): boolean {
  const dr = Math.abs(SPOTS[a].row - SPOTS[b].row);
  const dx = Math.abs(SPOTS[a].x - SPOTS[b].x);
  return (dr === 0 && dx === 2) || (dr === 1 && dx === 1);
}

/** Directly behind with no spot between them (1-5, 2-8, 3-9): nothing can be down between. */
function inLine(a: number, b: number): boolean {
  return SPOTS[a].x === SPOTS[b].x && Math.abs(SPOTS[a].row - SPOTS[b].row) === 2;
}

/** The spot immediately ahead of two side-by-side pins (e.g. 3 for 5-6), or -1. */
function spotAhead(a: number, b: number): number {
  if (SPOTS[a].row !== SPOTS[b].row || SPOTS[a].row === 0 || !neighbours(a, b)) return -1;
  const row = SPOTS[a].row - 1;
  const x = (SPOTS[a].x + SPOTS[b].x) / 2;
  return SPOTS.findIndex((s) => s.row === row && s.x === x);
}

/**
 * Whether the pins left standing (after a first ball at a full rack) are a
 * split, by the standard rule: the head pin is down, and either
 *
 * - a pin is down **between** standing pins: the standing pins fall into
 *   more than one group, where pins are in one group when they neighbour
 *   each other (12 in apart) or stand directly one behind the other with no
 *   spot between (2-8, 3-9) — so 7-10, 4-6, 2-7 and 3-10 are splits and
 *   2-8 is not; or
 * - a pin is down **immediately ahead** of two standing pins side by side
 *   (5-6 with the 3 down, 4-5, 8-9 with the 5 down, 2-3 with the 1 down).
 *
 * A single pin, no pins, or any leave with the head pin standing is never a split.
 */
export function isSplit(standing: number): boolean {
  const s = standing & FULL_RACK;
  if (s & 1) return false;
  const up = pinsOf(s).map((p) => p - 1);
  if (up.length < 2) return false;
  for (let i = 0; i < up.length; i++) {
    for (let j = i + 1; j < up.length; j++) {
      const ahead = spotAhead(up[i], up[j]);
      if (ahead >= 0 && !(s & (1 << ahead))) return true;
    }
  }
  // Flood fill from the first standing pin; a pin left unreached is across a gap.
  const reached = new Set([up[0]]);
  const queue = [up[0]];
  while (queue.length) {
    const a = queue.pop() as number;
    for (const b of up) {
      if (!reached.has(b) && (neighbours(a, b) || inLine(a, b))) {
        reached.add(b);
        queue.push(b);
      }
    }
  }
  return reached.size < up.length;
}
