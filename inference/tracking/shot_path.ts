/**
 * The path of one shot from every point its tracks gathered, including the
 * pieces of track lost behind the bowler before the ball was followed to
 * the pins. The ball moving for sure (past `CORE_FROM_FT`) is fitted first;
 * any other point (the first feet, earlier pieces of track) joins only where
 * that fit, carried back along its physics model, says the ball was. This
 * keeps out the ball still in the bowler's hand at the foul line, which
 * would otherwise pass for a ball that barely moves.
 */
import { distanceAt } from "./distance_fit.ts";
import { fitPath, type FittedPath, type PathPoint } from "./path_fit.ts";

/** Points from here on are the ball rolling, whatever happened before. */
export const CORE_FROM_FT = 4;
/** A point joins when within this many feet (plus 3 σ) of where the core fit puts the ball. */
export const JOIN_TOLERANCE_FT = 1;
/** Points the core fit puts before this distance were taken before the release. */
export const RELEASED_FROM_FT = -0.25;
/** The furthest a point may be from the core fit's last point in time to join, ms. */
export const JOIN_MAX_GAP_MS = 3000;

/** Fits a shot's path from all its points; null when too few are consistent. */
export function fitShotPath(points: PathPoint[]): FittedPath | null {
  const core = points.filter((p) => p.ft >= CORE_FROM_FT);
  const coreFit = fitPath(core);
  if (!coreFit) return fitPath(points);
  const tEnd = coreFit.points[coreFit.points.length - 1].tMs;
  const kept = [...core];
  for (const p of points) {
    if (p.ft >= CORE_FROM_FT) continue;
    if (p.tMs > tEnd || tEnd - p.tMs > JOIN_MAX_GAP_MS) continue;
    const expected = distanceAt(coreFit.ftOfT, (p.tMs - coreFit.t0Ms) / 1000);
    // Before the release the ball is in the hand, above the lane: where it seems to be is no
    // guide to where a rolling ball would be.
    if (expected < RELEASED_FROM_FT) continue;
    if (Math.abs(p.ft - expected) <= JOIN_TOLERANCE_FT + 3 * p.sigmaFt) kept.push(p);
  }
  return fitPath(kept) ?? coreFit;
}
