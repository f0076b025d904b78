/**
 * Shot metrics from a fitted ball path, with Specto's definitions so the
 * numbers compare with the ground truth and with Specto: launch speed over
 * the first 3 ft, entry speed over 57–59.5 ft, board at the arrows (15 ft),
 * breakpoint (the furthest board out), entry board at 59.5 ft and entry
 * angle as the chord over 51–55 ft.
 */
import {
  ARROWS_FT,
  BOARD_FT,
  LEFT_EDGE_BOARD,
  RIGHT_EDGE_BOARD,
} from "../../core/lane_geometry.ts";
import { MPH_TO_FTPS, type ShotMetrics } from "../../core/shot_metrics.ts";
import type { FittedPath } from "../tracking/path_fit.ts";

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Average speed along the track between two distances, mph. */
export function speedOverMph(path: FittedPath, fromFt: number, toFt: number): number {
  const steps = 20;
  let length = 0;
  for (let i = 0; i < steps; i++) {
    const a = fromFt + ((toFt - fromFt) * i) / steps;
    const b = fromFt + ((toFt - fromFt) * (i + 1)) / steps;
    length += Math.hypot(b - a, (path.boardAt(b) - path.boardAt(a)) * BOARD_FT);
  }
  const seconds = (path.timeAtFt(toFt) - path.timeAtFt(fromFt)) / 1000;
  return length / seconds / MPH_TO_FTPS;
}

/** Angle of the chord between two distances, degrees; positive: towards higher boards. */
export function chordAngleDeg(path: FittedPath, fromFt: number, toFt: number): number {
  const lateral = (path.boardAt(toFt) - path.boardAt(fromFt)) * BOARD_FT;
  return (Math.atan2(lateral, toFt - fromFt) * 180) / Math.PI;
}

/** Where the ball first leaves the lane surface before `untilFt`, or null. */
export function gutterFt(path: FittedPath, untilFt = 60): number | null {
  for (let ft = Math.max(0, path.ftMin); ft <= Math.min(untilFt, path.ftMax + 0.5); ft += 0.25) {
    const b = path.boardAt(ft);
    if (b < RIGHT_EDGE_BOARD || b > LEFT_EDGE_BOARD) return ft;
  }
  return null;
}

/**
 * The breakpoint: where the board is furthest out (lowest) before `untilFt`.
 * When the lowest board is at either end, the ball never turned: then the
 * place the line bends most.
 */
export function breakpointFt(path: FittedPath, untilFt = 60): number {
  const step = 0.25;
  let best = 0, bestBoard = Infinity;
  for (let ft = 0; ft <= untilFt + 1e-9; ft += step) {
    const b = path.boardAt(ft);
    if (b < bestBoard) (bestBoard = b), (best = ft);
  }
  if (best > step && best < untilFt - step) return best;
  // The line never turned: where the hook starts (as the ground truth counts it), when known.
  if (path.hookStartFt !== undefined) return Math.min(60, path.hookStartFt);
  let bend = Math.min(60, untilFt), most = 0;
  for (let ft = 4; ft <= untilFt - 4; ft += step) {
    const curve = Math.abs(path.boardAt(ft + 4) - 2 * path.boardAt(ft) + path.boardAt(ft - 4));
    if (curve > most) (most = curve), (bend = ft);
  }
  return bend;
}

export function shotMetrics(path: FittedPath): ShotMetrics {
  const gutter = gutterFt(path);
  const bpFt = breakpointFt(path, Math.min(60, gutter ?? 60));
  return {
    launchSpeedMph: round2(speedOverMph(path, 0, 3)),
    entrySpeedMph: round2(speedOverMph(path, 57, 59.5)),
    arrowsBoard: round2(path.boardAt(ARROWS_FT)),
    breakpointBoard: round2(path.boardAt(bpFt)),
    breakpointFt: round2(bpFt),
    entryBoard: round2(path.boardAt(59.5)),
    entryAngleDeg: round2(chordAngleDeg(path, 51, 55)),
  };
}
