/**
 * What a full rack leaves after a head-pin hit, by where the ball met the
 * pins (offset of the entry board from the 1-3 pocket at board 17.5 for a
 * right-hander), and how likely a strike is there. Weights are relative.
 */
import type { Prng } from "../core/prng.ts";
import type { HitZone } from "./pins.ts";

type LeaveTable = Record<string, number>;

/** "7-10" → mask with pins 7 and 10 set. */
function mask(leave: string): number {
  return leave.split("-").reduce((m, p) => m | (1 << (Number(p) - 1)), 0);
}

// deno-fmt-ignore
const LEAVES: Partial<Record<HitZone, LeaveTable>> = {
  pocket: {
    "10": 30, "7": 12, "4": 8, "5": 8, "8": 6, "9": 5, "2-8": 5, "8-10": 4, "6-10": 4, "4-7": 3,
    "7-10": 2, "4-9": 2,
  },
  light: {
    "10": 20, "5": 12, "2-8": 10, "2-4-5": 8, "2-4-5-8": 8, "8": 6, "4": 6, "2": 5, "6-10": 5,
    "5-7": 4, "8-10": 3,
  },
  high: {
    "4": 15, "7": 8, "10": 8, "4-9": 8, "8-10": 6, "4-6": 6, "7-10": 6, "9": 5, "4-7-10": 4,
    "6-7-10": 4, "4-6-7-10": 2,
  },
  nose: {
    "7-10": 14, "4-6": 10, "4-6-7-10": 8, "4-7-10": 8, "6-7-10": 8, "8-10": 6, "7-9": 6,
    "4-6-7": 5, "4-6-10": 5, "4-10": 4, "6-7": 4, "4-6-7-9-10": 2, "4-6-7-8-10": 2,
  },
  brooklyn: {
    "10": 10, "7": 10, "6": 10, "6-10": 10, "8": 8, "3-6-10": 6, "9": 6, "6-9-10": 5, "3-10": 4,
    "9-10": 4,
  },
  thin: { "2-4-7": 10, "2-4-5-8": 10, "2-8": 8, "2-4-5-7-8": 6, "4-7": 6, "2-7": 5, "2-4-8": 5 },
  "thin-left": { "3-6-10": 10, "3-5-6-9": 10, "3-9": 8, "3-5-6-9-10": 6, "6-10": 6, "3-10": 5 },
};

/** Strike chance by zone before the entry-angle factor. */
const STRIKE: Partial<Record<HitZone, number>> = {
  pocket: 0.92,
  light: 0.5,
  high: 0.5,
  brooklyn: 0.3,
  nose: 0.06,
  thin: 0.06,
  "thin-left": 0.04,
};
/** Zones where a steeper entry angle carries more (about 5° is ideal). */
const ANGLE_SCALED = new Set<HitZone>(["pocket", "light", "high", "brooklyn"]);

/** Zone of a head-pin hit, from the entry board's offset from the pocket (boards). */
export function zoneFor(offset: number): HitZone {
  if (offset < -2.3) return "thin";
  if (offset < -0.8) return "light";
  if (offset <= 0.8) return "pocket";
  if (offset <= 2.2) return "high";
  if (offset <= 3.6) return "nose";
  if (offset <= 6) return "brooklyn";
  return "thin-left";
}

/** Chance of a strike for a hit in `zone` entering at `entryAngleDeg`. */
export function strikeChance(zone: HitZone, entryAngleDeg: number): number {
  const angle = ANGLE_SCALED.has(zone) ? Math.min(1, Math.max(0.3, 0.3 + 0.14 * entryAngleDeg)) : 1;
  return (STRIKE[zone] ?? 0) * angle;
}

/** A non-strike leave (10-bit standing mask) for a hit in `zone`. */
export function leaveFor(rng: Prng, zone: HitZone): number {
  const table = LEAVES[zone];
  if (!table) throw new RangeError(`Cannot find leaves for zone "${zone}"`);
  return rng.weighted(Object.entries(table).map(([k, w]) => [mask(k), w] as const));
}
