/**
 * Fits the ball's path from all its detections at once: distance down the
 * lane as a function of capture time (a ball slowing in proportion to the
 * distance it has rolled: ft = a + b·(1 − e^(−k·t)), robustly), and board
 * over distance as a straight skid, a parabolic hook and a straight roll
 * (board_fit.ts), or, when the ball leaves the lane or that shape does not
 * fit, robust local quadratics. Each point is weighted by how precisely its
 * pixel position pins down its lane position.
 */
import { BOARD_FT, LEFT_EDGE_BOARD, RIGHT_EDGE_BOARD } from "../../core/lane_geometry.ts";
import { boardOf, fitBoardPhases } from "./board_fit.ts";
import { derivPoly, evalPoly, fitPoly, fitPolyRobust, type Polynomial } from "./least_squares.ts";
import { distanceAt, type DistanceFit, fitDistance, speedAt } from "./distance_fit.ts";

export interface PathPoint {
  /** Capture time, ms. */
  tMs: number;
  board: number;
  ft: number;
  sigmaBoard: number;
  sigmaFt: number;
}

export interface FittedPath {
  /** Capture time (ms) the fit's clock counts from. */
  t0Ms: number;
  /** Distance along the track (from the foul line) as a function of seconds since t0. */
  ftOfT: DistanceFit;
  /** Points kept (after outlier rejection), in time order. */
  points: PathPoint[];
  /** Points dropped as outliers. */
  rejected: number;
  /** Range of distance the kept points cover. */
  ftMin: number;
  ftMax: number;
  /** Board of the ball centre at `ft`. */
  boardAt(ft: number): number;
  /** Capture time (ms) at which the ball reaches `ft`. */
  timeAtFt(ft: number): number;
  /** Speed along the track (ft/s) at `ft`. */
  speedAtFt(ft: number): number;
  /** Where the hook phase starts, when the line was fitted with skid/hook/roll phases. */
  hookStartFt?: number;
}

/** The skid/hook/roll line is used when it fits the points within this RMS (boards). */
export const PHASE_FIT_MAX_RMS = 1.2;
/** Points past here may have met the pins; the phase fit stops before. */
export const PHASE_FIT_END_FT = 59;

/** Half-width of the local board fits, feet. */
export const BOARD_BANDWIDTH_FT = 9;
/** Half-width of the line carried back towards the foul line past the first point, feet. */
export const EXTRAPOLATION_BANDWIDTH_FT = 14;
const MIN_POINTS = 6;

function tricube(d: number): number {
  if (d >= 1) return 0;
  const a = 1 - d * d * d;
  return a * a * a;
}

/** Fits the path; null with fewer than six usable points. */
export function fitPath(input: PathPoint[]): FittedPath | null {
  const pts = input.filter((p) => Number.isFinite(p.ft) && Number.isFinite(p.board)).sort((a, b) =>
    a.tMs - b.tMs
  );
  if (pts.length < MIN_POINTS) return null;
  const t0Ms = pts[0].tMs;
  const ts = pts.map((p) => (p.tMs - t0Ms) / 1000);
  // Distance over time.
  const ftFit = fitDistance(ts, pts.map((p) => p.ft), pts.map((p) => 1 / (p.sigmaFt ** 2 + 1e-4)));
  if (!ftFit) return null;
  // Board over distance: a global robust quintic only to find outliers.
  const fts = pts.map((p) => p.ft);
  const bw = pts.map((p) => 1 / (p.sigmaBoard ** 2 + 1e-4));
  const boardFit = fitPolyRobust(
    fts,
    pts.map((p) => p.board),
    bw.map((w, i) => (ftFit.inliers[i] ? w : 0)),
    5,
    { floor: 3.5 },
  );
  if (!boardFit) return null;
  const kept: PathPoint[] = [];
  for (let i = 0; i < pts.length; i++) {
    if (ftFit.inliers[i] && boardFit.inliers[i]) kept.push(pts[i]);
  }
  if (kept.length < MIN_POINTS) return null;
  const kFt = kept.map((p) => p.ft);
  const kBoard = kept.map((p) => p.board);
  const kW = kept.map((p) => 1 / (p.sigmaBoard ** 2 + 1e-4));
  const ftMin = Math.min(...kFt);
  const ftMax = Math.max(...kFt);

  // The ball's line in its three phases, unless it left the lane (a gutter ball).
  const onLane = kept.filter((p) => p.ft <= PHASE_FIT_END_FT);
  const phases = onLane.some((p) => p.board < RIGHT_EDGE_BOARD || p.board > LEFT_EDGE_BOARD)
    ? null
    : fitBoardPhases(
      onLane.map((p) => p.ft),
      onLane.map((p) => p.board),
      onLane.map((p) => p.sigmaBoard),
    );
  const phaseFit = phases && phases.rms <= PHASE_FIT_MAX_RMS ? phases : null;

  const cache = new Map<number, number>();
  function boardAt(ft: number): number {
    if (phaseFit) return boardOf(phaseFit, ft);
    const key = Math.round(ft * 1000);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const x = Math.min(Math.max(ft, ftMin), ftMax);
    let h = BOARD_BANDWIDTH_FT;
    let poly: Polynomial | null = null;
    for (let attempt = 0; attempt < 4 && !poly; attempt++, h *= 1.5) {
      const w = kFt.map((f, i) => kW[i] * tricube(Math.abs(f - x) / h));
      let n = 0, below = 0, above = 0;
      for (let i = 0; i < w.length; i++) {
        if (w[i] > 0) n++, kFt[i] < x ? below++ : above++;
      }
      if (n < 5) continue;
      // One-sided near the ends of the data: a line (over a wider window), not a parabola.
      const degree = below >= 2 && above >= 2 ? 2 : 1;
      if (degree === 1 && h === BOARD_BANDWIDTH_FT && x <= ftMin) {
        h = EXTRAPOLATION_BANDWIDTH_FT / 1.5;
        poly = null;
        continue;
      }
      poly = fitPoly(kFt, kBoard, w, degree);
    }
    poly ??= fitPoly(kFt, kBoard, kW, 1)!;
    // Beyond the data: continue along the slope at the end.
    const value = evalPoly(poly, x) + derivPoly(poly, x) * (ft - x);
    cache.set(key, value);
    return value;
  }

  // Distance along the track (not just down the lane): the ball's speed is along its path.
  const GRID_FROM = -10, GRID_STEP = 0.25, GRID_N = 341;
  const arc = new Float64Array(GRID_N);
  for (let i = 1; i < GRID_N; i++) {
    const a = GRID_FROM + (i - 1) * GRID_STEP, b = a + GRID_STEP;
    arc[i] = arc[i - 1] + Math.hypot(GRID_STEP, (boardAt(b) - boardAt(a)) * BOARD_FT);
  }
  const zero = -GRID_FROM / GRID_STEP;
  const arcAt = (ft: number) => {
    const f = Math.min(Math.max((ft - GRID_FROM) / GRID_STEP, 0), GRID_N - 1.000001);
    const i = Math.floor(f);
    return arc[i] + (arc[i + 1] - arc[i]) * (f - i) - arc[zero];
  };
  const keptTs = kept.map((p) => (p.tMs - t0Ms) / 1000);
  const sFit = fitDistance(
    keptTs,
    kept.map((p) => arcAt(p.ft)),
    kept.map((p) => 1 / (p.sigmaFt ** 2 + 1e-4)),
    { rounds: 0 },
  );
  if (!sFit) return null;
  const ftOfT = sFit;

  const tLo = -3, tHi = keptTs[keptTs.length - 1] + 3;
  function timeAtFt(ft: number): number {
    const target = arcAt(ft);
    let lo = tLo, hi = tHi;
    if (distanceAt(ftOfT, lo) > target) return t0Ms + lo * 1000;
    const tEnd = keptTs[keptTs.length - 1];
    if (distanceAt(ftOfT, hi) < target) {
      // Past the data: carry on at the last speed.
      const v = speedAt(ftOfT, tEnd);
      return t0Ms + (tEnd + (target - distanceAt(ftOfT, tEnd)) / Math.max(v, 1)) * 1000;
    }
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (distanceAt(ftOfT, mid) < target) lo = mid;
      else hi = mid;
    }
    return t0Ms + ((lo + hi) / 2) * 1000;
  }

  return {
    t0Ms,
    ftOfT,
    points: kept,
    rejected: pts.length - kept.length,
    ftMin,
    ftMax,
    boardAt,
    timeAtFt,
    speedAtFt: (ft) => speedAt(ftOfT, (timeAtFt(ft) - t0Ms) / 1000),
    hookStartFt: phaseFit?.hookStartFt,
  };
}
