/**
 * Synthetic right-handed bowlers: a style (straight, stroker, tweener,
 * cranker), a skill level, and how they aim the first ball at the 1-3
 * pocket and the second ball at what is left. Errors in release board,
 * launch angle and speed (faster = later, weaker hook) decide where the ball
 * really goes.
 */
import type { Prng } from "../core/prng.ts";
import { PIN_SPOTS } from "../core/lane_geometry.ts";
import { type BallLaunch, freeBoardAt } from "./physics.ts";
import { ALL_PINS, pinsIn } from "./pins.ts";

export type BowlerKind = "straight" | "stroker" | "tweener" | "cranker";
export type Rgb = readonly [number, number, number];

export interface Bowler {
  kind: BowlerKind;
  /** Mean launch speed, mph. */
  speedMph: number;
  /** Intended breakpoint distance (ft) and board for strike shots. */
  breakpointFt: number;
  breakpointBoard: number;
  rollStartFt: number;
  /** Intended launch slope, boards per foot (negative: out towards board 1). */
  launchSlope: number;
  /** Multiplies every release error; 1 is a good league bowler. */
  errorScale: number;
  ballColor: Rgb;
  shirtColor: Rgb;
  pantsColor: Rgb;
  /** Body height, feet. */
  heightFt: number;
}

export const POCKET_BOARD = 17.5;
export const POCKET_FT = 59.5;

const BALL_COLORS: readonly Rgb[] = [
  [40, 70, 200],
  [170, 30, 40],
  [110, 40, 160],
  [20, 130, 90],
  [230, 120, 20],
  [30, 30, 35],
  [200, 40, 140],
  [0, 150, 190],
];
const SHIRT_COLORS: readonly Rgb[] = [
  [200, 30, 40],
  [30, 60, 140],
  [240, 240, 235],
  [40, 40, 45],
  [30, 120, 70],
  [230, 170, 30],
  [120, 60, 140],
  [90, 150, 200],
];
const PANTS_COLORS: readonly Rgb[] = [[35, 35, 45], [40, 50, 90], [90, 85, 75], [25, 25, 25]];

/** A new bowler; each game on a lane gets one. */
export function createBowler(rng: Prng): Bowler {
  const kind = rng.weighted<BowlerKind>([["straight", 2], ["stroker", 3], ["tweener", 4], [
    "cranker",
    2,
  ]]);
  const base = {
    straight: { speed: [14, 17], bpFt: [36, 40], bpBoard: [9, 13], slope: [0.05, 0.15] },
    stroker: { speed: [15, 18], bpFt: [39, 42], bpBoard: [9, 12], slope: [-0.3, -0.15] },
    tweener: { speed: [16, 19.5], bpFt: [40, 44], bpBoard: [6.5, 9.5], slope: [-0.35, -0.2] },
    cranker: { speed: [17.5, 21.5], bpFt: [42, 46], bpBoard: [4.5, 7.5], slope: [-0.45, -0.25] },
  }[kind];
  return {
    kind,
    speedMph: rng.uniform(base.speed[0], base.speed[1]),
    breakpointFt: rng.uniform(base.bpFt[0], base.bpFt[1]),
    breakpointBoard: rng.uniform(base.bpBoard[0], base.bpBoard[1]),
    rollStartFt: rng.uniform(53, 57),
    launchSlope: rng.uniform(base.slope[0], base.slope[1]),
    errorScale: rng.uniform(0.7, 1.5),
    ballColor: rng.pick(BALL_COLORS),
    shirtColor: rng.pick(SHIRT_COLORS),
    pantsColor: rng.pick(PANTS_COLORS),
    heightFt: rng.uniform(5.3, 6.3),
  };
}

/** The launch the bowler intends (no error) for the pins in `standing`. */
export function intendedLaunch(bowler: Bowler, standing: number): BallLaunch {
  const strikeShot = standing === ALL_PINS;
  const speedMph = bowler.speedMph + (strikeShot ? 0 : 0.8);
  const l = { ...strikeLine(bowler), speedMph, speedLossMph: 2.2 + 0.07 * (speedMph - 14) };
  if (strikeShot) return aimAt(l, target(standing), "foulBoard");
  // Spares: a straighter ball, played across the lane from the other side.
  const t = target(standing);
  const spare = {
    ...l,
    hookAccel: l.hookAccel * 0.35,
    hookStartFt: 36,
    foulBoard: Math.min(34, Math.max(6, 20 + (20 - t.board) * 0.55)),
  };
  return aimAt(spare, t, "launchSlope");
}

/** The bowler's strike line, before aiming (foul board 0, speeds unset). */
function strikeLine(bowler: Bowler): BallLaunch {
  const base = { speedMph: 0, speedLossMph: 0, foulBoard: 0, launchSlope: bowler.launchSlope };
  if (bowler.kind === "straight") {
    return {
      ...base,
      hookStartFt: bowler.breakpointFt - 10,
      rollStartFt: bowler.rollStartFt,
      hookAccel: 0.004,
    };
  }
  const yb = bowler.breakpointFt;
  const yr = bowler.rollStartFt;
  const d = yr - yb;
  // Breakpoint → pocket: half a parabola, then a straight roll phase.
  const hookAccel = (POCKET_BOARD - bowler.breakpointBoard) / (d * d / 2 + d * (POCKET_FT - yr));
  return { ...base, hookStartFt: yb + bowler.launchSlope / hookAccel, rollStartFt: yr, hookAccel };
}

/** Where to send the ball: the pocket, or the front pin of a leave, shaded towards the others. */
export function target(standing: number): { board: number; ft: number } {
  if (standing === ALL_PINS) return { board: POCKET_BOARD, ft: POCKET_FT };
  const pins = pinsIn(standing).map((p) => PIN_SPOTS[p - 1]);
  const key = pins.reduce((a, b) => (b.ft < a.ft ? b : a));
  const mean = pins.reduce((s, p) => s + p.board, 0) / pins.length;
  return { board: key.board * 0.65 + mean * 0.35, ft: key.ft };
}

/** Solves `foulBoard` or `launchSlope` so that the free path crosses `t`. */
export function aimAt(
  l: BallLaunch,
  t: { board: number; ft: number },
  solve: "foulBoard" | "launchSlope",
): BallLaunch {
  const miss = t.board - freeBoardAt(l, t.ft);
  if (solve === "foulBoard") return { ...l, foulBoard: l.foulBoard + miss };
  // Changing the slope also moves the hook start for hook shots; keep it fixed.
  return { ...l, launchSlope: l.launchSlope + miss / t.ft };
}

/** The launch as thrown: release board, angle and speed errors. */
export function throwBall(rng: Prng, bowler: Bowler, standing: number): BallLaunch {
  const aim = intendedLaunch(bowler, standing);
  const e = bowler.errorScale;
  const wild = rng.chance(0.02 * e);
  const speedMph = Math.min(21.9, Math.max(14.1, aim.speedMph + rng.normal(0, 0.5 * e)));
  const ratio = speedMph / aim.speedMph;
  const laneFriction = rng.normal(1, 0.04);
  return {
    ...aim,
    speedMph,
    speedLossMph: aim.speedLossMph * rng.normal(1, 0.08),
    foulBoard: aim.foulBoard + rng.normal(0, (wild ? 5 : 0.9) * e),
    launchSlope: aim.launchSlope + rng.normal(0, (wild ? 0.08 : 0.009) * e),
    hookStartFt: aim.hookStartFt * ratio,
    rollStartFt: Math.min(59.5, aim.rollStartFt * ratio),
    hookAccel: (aim.hookAccel * laneFriction) / (ratio * ratio),
  };
}
