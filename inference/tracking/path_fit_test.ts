import assert from "node:assert/strict";
import { createPrng } from "../../core/prng.ts";
import { defaultSimCalibration, projectLanePoint } from "../../core/lane_geometry.ts";
import {
  type BallLaunch,
  boardAt,
  buildBallPath,
  ftAtTime,
  pathDuration,
} from "../../sim/physics.ts";
import { shotMetrics as truthMetrics } from "../../sim/ground_truth.ts";
import { shotMetrics } from "../events/shot_metrics.ts";
import { evalPoly, fitPoly, fitPolyRobust } from "./least_squares.ts";
import { fitPath, type PathPoint } from "./path_fit.ts";
import { BALL_RADIUS_FT, fromCalibration } from "./lane_view.ts";

const LAUNCH: BallLaunch = {
  speedMph: 17.5,
  speedLossMph: 2.5,
  foulBoard: 15,
  launchSlope: -0.12,
  hookStartFt: 36,
  rollStartFt: 52,
  hookAccel: 0.09,
};

/** Detections of a simulated ball: pixel centres with noise, seen from `fromFt` on, at 30 fps. */
function observe(launch: BallLaunch, noisePx: number, seed: number, fromFt = 20): PathPoint[] {
  const cal = defaultSimCalibration(640, 360);
  const view = fromCalibration(cal);
  const path = buildBallPath(launch);
  const rng = createPrng(seed, 1);
  const out: PathPoint[] = [];
  const t0 = 1_700_000_000_000;
  for (let t = 0; t < pathDuration(path); t += 1 / 30) {
    const ft = ftAtTime(path, t);
    if (ft < fromFt || ft > 60) continue;
    const c = projectLanePoint(cal.camera, boardAt(path, ft), ft, BALL_RADIUS_FT);
    const u = c.u + rng.normalClamped(0, noisePx, -4 * noisePx, 4 * noisePx);
    const v = c.v + rng.normalClamped(0, noisePx, -4 * noisePx, 4 * noisePx);
    const p = view.ballToLane(u, v, 0);
    const s = view.ballSigma(u, v, 0);
    out.push({ tMs: t0 + t * 1000, board: p.board, ft: p.ft, sigmaBoard: s.board, sigmaFt: s.ft });
  }
  return out;
}

Deno.test("fitPoly() recovers a cubic exactly", () => {
  const xs = [0, 1, 2, 3, 4, 5, 6];
  const ys = xs.map((x) => 1 - 2 * x + 0.5 * x * x - 0.1 * x ** 3);
  const p = fitPoly(xs, ys, xs.map(() => 1), 3)!;
  assert.ok(Math.abs(evalPoly(p, 2.5) - (1 - 5 + 0.5 * 6.25 - 0.1 * 15.625)) < 1e-9);
});

Deno.test("fitPolyRobust() drops a wild point and keeps the rest", () => {
  const xs = Array.from({ length: 20 }, (_, i) => i);
  const ys = xs.map((x) => 3 + 2 * x + (x % 2 ? 0.01 : -0.01));
  ys[7] = 100;
  const fit = fitPolyRobust(xs, ys, xs.map(() => 1), 1, { floor: 0.1 })!;
  assert.equal(fit.inliers[7], false);
  assert.equal(fit.inliers.filter(Boolean).length, 19);
  assert.ok(Math.abs(evalPoly(fit.poly, 10) - 23) < 0.05);
});

Deno.test("fitPath() of exact detections reproduces the true metrics", () => {
  const path = fitPath(observe(LAUNCH, 0, 1))!;
  const want = truthMetrics(buildBallPath(LAUNCH));
  const got = shotMetrics(path);
  assert.ok(
    Math.abs(got.launchSpeedMph - want.launchSpeedMph) < 0.05,
    `launch ${got.launchSpeedMph} vs ${want.launchSpeedMph}`,
  );
  assert.ok(
    Math.abs(got.entrySpeedMph - want.entrySpeedMph) < 0.05,
    `entry ${got.entrySpeedMph} vs ${want.entrySpeedMph}`,
  );
  assert.ok(
    Math.abs(got.arrowsBoard - want.arrowsBoard) < 0.05,
    `arrows ${got.arrowsBoard} vs ${want.arrowsBoard}`,
  );
  assert.ok(
    Math.abs(got.entryBoard - want.entryBoard) < 0.2,
    `entry board ${got.entryBoard} vs ${want.entryBoard}`,
  );
  assert.ok(
    Math.abs(got.entryAngleDeg - want.entryAngleDeg) < 0.2,
    `angle ${got.entryAngleDeg} vs ${want.entryAngleDeg}`,
  );
  assert.ok(
    Math.abs(got.breakpointFt - want.breakpointFt) < 1.5,
    `bp ${got.breakpointFt} vs ${want.breakpointFt}`,
  );
});

Deno.test("fitPath() keeps the metrics within the accuracy goals under pixel noise and outliers", () => {
  const want = truthMetrics(buildBallPath(LAUNCH));
  const errs = { speed: 0, arrows: 0, angle: 0 };
  const runs = 20;
  for (let seed = 0; seed < runs; seed++) {
    const pts = observe(LAUNCH, 0.35, seed);
    pts[10] = { ...pts[10], board: pts[10].board + 8 };
    pts[30] = { ...pts[30], ft: pts[30].ft + 6 };
    const got = shotMetrics(fitPath(pts)!);
    errs.speed += Math.abs(got.launchSpeedMph - want.launchSpeedMph) / runs;
    errs.arrows += Math.abs(got.arrowsBoard - want.arrowsBoard) / runs;
    errs.angle += Math.abs(got.entryAngleDeg - want.entryAngleDeg) / runs;
  }
  console.log(errs);
  assert.ok(errs.speed <= 0.2, `launch speed MAE ${errs.speed}`);
  assert.ok(errs.arrows <= 0.25, `arrows board MAE ${errs.arrows}`);
  assert.ok(errs.angle <= 0.5, `entry angle MAE ${errs.angle}`);
});

Deno.test("laneViewFor() reads staff-clicked calibration points and maps the lane as the camera sees it", async () => {
  const { simCalibrationPoints } = await import("../../core/calibration.ts");
  const { laneViewFor } = await import("./lane_view.ts");
  const cal = defaultSimCalibration(640, 360);
  const view = laneViewFor(simCalibrationPoints(1280, 720), 640, 360);
  for (const [board, ft] of [[10, 15], [30, 40], [20, 58]]) {
    // A ball centre projects from 4.25 in above the lane; its contact point is one radius below.
    const c = projectLanePoint(cal.camera, board, ft, BALL_RADIUS_FT);
    const p = view.ballToLane(c.u, c.v, view.ballRadiusPx(c.u, c.v));
    assert.ok(Math.abs(p.board - board) < 0.6 && Math.abs(p.ft - ft) < 1.5, `${board}/${ft} → ${p.board}/${p.ft}`);
  }
});
