/**
 * Ball motion down the lane: a skid phase (straight), a hook phase (constant
 * lateral acceleration towards the pocket) and a roll phase (straight again),
 * with speed falling steadily from the foul line to the pins. The path is
 * sampled once per shot; everything else reads the samples.
 */
import { MPH_TO_FTPS } from "../core/shot_metrics.ts";
import {
  BALL_DIAMETER_IN,
  BOARD_FT,
  CENTER_BOARD,
  GUTTER_IN,
  inchesToBoards,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  RIGHT_EDGE_BOARD,
} from "../core/lane_geometry.ts";

/** Distance between path samples, feet. */
export const PATH_STEP_FT = 0.05;
/** The path ends here: past the pin deck, where the ball drops into the pit. */
export const PATH_END_FT = PIN_DECK_END_FT + 1.5;
export const BALL_RADIUS_FT = BALL_DIAMETER_IN / 24;
/** Board at the middle of each gutter. */
export const RIGHT_GUTTER_BOARD = RIGHT_EDGE_BOARD - inchesToBoards(GUTTER_IN / 2);
export const LEFT_GUTTER_BOARD = LEFT_EDGE_BOARD + inchesToBoards(GUTTER_IN / 2);

/** How the ball leaves the hand and how the lane reacts to it. */
export interface BallLaunch {
  /** Speed at the foul line, mph. */
  speedMph: number;
  /** Speed lost between the foul line and the head pin, mph. */
  speedLossMph: number;
  /** Board where the ball crosses the foul line. */
  foulBoard: number;
  /** Lateral slope at the foul line, boards per foot (negative: towards board 1). */
  launchSlope: number;
  /** End of the skid phase, feet. */
  hookStartFt: number;
  /** Start of the roll phase, feet. */
  rollStartFt: number;
  /** Lateral acceleration during the hook phase, boards per foot². */
  hookAccel: number;
}

/** What happens to the ball at the pins (after the planner knows the hit). */
export interface BallDeflection {
  atFt: number;
  /** Change of lateral slope after contact, boards per foot. */
  slopeChange: number;
  /** Speed multiplier after contact. */
  speedFactor: number;
}

export interface BallPath {
  launch: BallLaunch;
  /** Board at sample i (ft = i · PATH_STEP_FT). */
  board: Float64Array;
  /** Seconds since the ball crossed the foul line, at sample i. */
  time: Float64Array;
  /** Speed in mph at sample i. */
  speedMph: Float64Array;
  /** Where the ball dropped into a gutter, or null. */
  gutterFt: number | null;
}

/** Board of the free (undeflected, gutter-less) path at `ft`. */
export function freeBoardAt(l: BallLaunch, ft: number): number {
  const skidEnd = Math.min(ft, l.hookStartFt);
  let x = l.foulBoard + l.launchSlope * skidEnd;
  if (ft <= l.hookStartFt) return x;
  const hookEnd = Math.min(ft, l.rollStartFt);
  const h = hookEnd - l.hookStartFt;
  x += l.launchSlope * h + 0.5 * l.hookAccel * h * h;
  if (ft <= l.rollStartFt) return x;
  const rollSlope = l.launchSlope + l.hookAccel * (l.rollStartFt - l.hookStartFt);
  return x + rollSlope * (ft - l.rollStartFt);
}

/** Lateral slope (boards per foot) of the free path at `ft`. */
export function freeSlopeAt(l: BallLaunch, ft: number): number {
  if (ft <= l.hookStartFt) return l.launchSlope;
  return l.launchSlope + l.hookAccel * (Math.min(ft, l.rollStartFt) - l.hookStartFt);
}

/** Speed (mph) of the ball at `ft` before it meets any pin. */
export function freeSpeedAt(l: BallLaunch, ft: number): number {
  return l.speedMph - l.speedLossMph * Math.min(Math.max(ft, 0), 60) / 60;
}

function inGutter(board: number): boolean {
  return board < RIGHT_EDGE_BOARD || board > LEFT_EDGE_BOARD;
}

/** Samples the path, dropping into a gutter where the ball leaves the lane. */
export function buildBallPath(launch: BallLaunch, deflection?: BallDeflection): BallPath {
  const n = Math.floor(PATH_END_FT / PATH_STEP_FT) + 1;
  const board = new Float64Array(n);
  const time = new Float64Array(n);
  const speedMph = new Float64Array(n);
  let gutterFt: number | null = null;
  let gutterBoard = 0;
  let gutterFrom = 0;
  for (let i = 0; i < n; i++) {
    const ft = i * PATH_STEP_FT;
    let x = freeBoardAt(launch, ft);
    let v = freeSpeedAt(launch, ft);
    if (deflection && ft > deflection.atFt) {
      x += deflection.slopeChange * (ft - deflection.atFt);
      v *= deflection.speedFactor;
    }
    if (gutterFt === null && ft < PIN_DECK_END_FT && inGutter(x)) {
      gutterFt = ft;
      gutterFrom = x;
      gutterBoard = x < CENTER_BOARD ? RIGHT_GUTTER_BOARD : LEFT_GUTTER_BOARD;
    }
    if (gutterFt !== null) {
      // Roll over the edge into the middle of the gutter within a foot.
      const k = Math.min(1, (ft - gutterFt) / 1);
      x = gutterFrom + (gutterBoard - gutterFrom) * (k * (2 - k));
    }
    board[i] = x;
    speedMph[i] = v;
    if (i > 0) {
      const dx = (board[i] - board[i - 1]) * BOARD_FT;
      const ds = Math.hypot(PATH_STEP_FT, dx);
      const vAvg = ((speedMph[i] + speedMph[i - 1]) / 2) * MPH_TO_FTPS;
      time[i] = time[i - 1] + ds / vAvg;
    }
  }
  return { launch, board, time, speedMph, gutterFt };
}

function sampleAt(arr: Float64Array, ft: number): number {
  const f = Math.min(Math.max(ft / PATH_STEP_FT, 0), arr.length - 1);
  const i = Math.min(Math.floor(f), arr.length - 2);
  const k = f - i;
  return arr[i] * (1 - k) + arr[i + 1] * k;
}

/** Board of the ball centre at `ft`. */
export function boardAt(path: BallPath, ft: number): number {
  return sampleAt(path.board, ft);
}

/** Seconds after the foul line at which the ball reaches `ft`. */
export function timeAt(path: BallPath, ft: number): number {
  return sampleAt(path.time, ft);
}

/** Speed in mph at `ft`. */
export function speedAt(path: BallPath, ft: number): number {
  return sampleAt(path.speedMph, ft);
}

/** Seconds from the foul line to the end of the path. */
export function pathDuration(path: BallPath): number {
  return path.time[path.time.length - 1];
}

/** Feet travelled `t` seconds after crossing the foul line (clamped to the path). */
export function ftAtTime(path: BallPath, t: number): number {
  const time = path.time;
  if (t <= 0) return 0;
  if (t >= time[time.length - 1]) return (time.length - 1) * PATH_STEP_FT;
  let lo = 0;
  let hi = time.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (time[mid] <= t) lo = mid;
    else hi = mid;
  }
  const k = (t - time[lo]) / (time[hi] - time[lo]);
  return (lo + k) * PATH_STEP_FT;
}

/** Where the lateral motion turns round (the breakpoint), or null if it never does. */
export function turningPointFt(path: BallPath, untilFt = 60): number | null {
  const end = Math.min(Math.floor(untilFt / PATH_STEP_FT), path.board.length - 1);
  let best = 0;
  for (let i = 1; i <= end; i++) if (path.board[i] < path.board[best]) best = i;
  if (best === 0 || best === end) return null;
  return best * PATH_STEP_FT;
}

/** Angle (degrees) of the chord between two distances; positive: towards higher boards. */
export function chordAngleDeg(path: BallPath, fromFt: number, toFt: number): number {
  const lateralFt = (boardAt(path, toFt) - boardAt(path, fromFt)) * BOARD_FT;
  return (Math.atan2(lateralFt, toFt - fromFt) * 180) / Math.PI;
}
