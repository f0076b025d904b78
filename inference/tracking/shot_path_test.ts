import assert from "node:assert/strict";
import {
  type BallLaunch,
  boardAt,
  buildBallPath,
  ftAtTime,
  pathDuration,
} from "../../sim/physics.ts";
import { shotMetrics as truthMetrics } from "../../sim/ground_truth.ts";
import { shotMetrics } from "../events/shot_metrics.ts";
import { boardOf, fitBoardPhases } from "./board_fit.ts";
import { fitPath, type PathPoint } from "./path_fit.ts";
import { fitShotPath } from "./shot_path.ts";

const LAUNCH: BallLaunch = {
  speedMph: 18,
  speedLossMph: 2.4,
  foulBoard: 17,
  launchSlope: -0.3,
  hookStartFt: 24,
  rollStartFt: 55,
  hookAccel: 0.028,
};
const T0 = 1_700_000_000_000;

/** The ball seen at 30 fps (lane units, exact) where `seen(ft)` says so. */
function observe(launch: BallLaunch, seen: (ft: number) => boolean): PathPoint[] {
  const path = buildBallPath(launch);
  const out: PathPoint[] = [];
  for (let t = 0; t < pathDuration(path); t += 1 / 30) {
    const ft = ftAtTime(path, t);
    if (ft > 60 || !seen(ft)) continue;
    out.push({
      tMs: T0 + t * 1000,
      ft,
      board: boardAt(path, ft),
      sigmaFt: 0.02 + 0.004 * ft,
      sigmaBoard: 0.05,
    });
  }
  return out;
}

/** The ball still in the bowler's hand at the foul line for 0.4 s before it is let go. */
function heldAtFoulLine(board: number): PathPoint[] {
  return Array.from({ length: 12 }, (_, i) => ({
    tMs: T0 - 400 + i * 33.3,
    ft: 0.1,
    board,
    sigmaFt: 0.02,
    sigmaBoard: 0.05,
  }));
}

Deno.test("fitShotPath() keeps the ball still in the hand out of the launch speed", () => {
  const want = truthMetrics(buildBallPath(LAUNCH));
  const pts = [...heldAtFoulLine(17), ...observe(LAUNCH, (ft) => ft < 2 || ft > 22)];
  const got = shotMetrics(fitShotPath(pts)!);
  assert.ok(
    Math.abs(got.launchSpeedMph - want.launchSpeedMph) < 0.1,
    `launch ${got.launchSpeedMph} vs ${want.launchSpeedMph}`,
  );
  const naive = shotMetrics(fitPath(pts)!);
  assert.ok(
    Math.abs(naive.launchSpeedMph - want.launchSpeedMph) > 0.3,
    `fitting every point is fooled (${naive.launchSpeedMph} vs ${want.launchSpeedMph})`,
  );
});

Deno.test("fitShotPath() joins a piece of track lost behind the bowler to the rest of the path", () => {
  const want = truthMetrics(buildBallPath(LAUNCH));
  const pts = observe(LAUNCH, (ft) => (ft > 5 && ft < 12) || ft > 26);
  const path = fitShotPath(pts)!;
  assert.ok(path.ftMin < 6, `the early piece is kept (from ${path.ftMin} ft)`);
  const got = shotMetrics(path);
  assert.ok(Math.abs(got.launchSpeedMph - want.launchSpeedMph) < 0.1);
  assert.ok(Math.abs(got.arrowsBoard - want.arrowsBoard) < 0.1, `${got.arrowsBoard}`);
});

Deno.test("fitShotPath() extrapolates a ball first seen 25 ft down the lane", () => {
  const want = truthMetrics(buildBallPath(LAUNCH));
  const got = shotMetrics(fitShotPath(observe(LAUNCH, (ft) => ft > 25))!);
  assert.ok(Math.abs(got.launchSpeedMph - want.launchSpeedMph) < 0.2, `${got.launchSpeedMph}`);
});

Deno.test("fitBoardPhases() recovers the skid, hook and roll of an exact line", () => {
  const pts = observe(LAUNCH, (ft) => ft > 3 && ft < 59);
  const fit = fitBoardPhases(pts.map((p) => p.ft), pts.map((p) => p.board), pts.map(() => 0.1))!;
  assert.ok(Math.abs(fit.hookStartFt - LAUNCH.hookStartFt) < 0.5, `hook ${fit.hookStartFt}`);
  assert.ok(Math.abs(fit.rollStartFt - LAUNCH.rollStartFt) < 0.5, `roll ${fit.rollStartFt}`);
  for (const ft of [0, 15, 40, 59.5]) {
    const want = boardAt(buildBallPath(LAUNCH), ft);
    assert.ok(Math.abs(boardOf(fit, ft) - want) < 0.05, `${ft} ft: ${boardOf(fit, ft)} vs ${want}`);
  }
});

Deno.test("fitBoardPhases() ignores a run of detections pulled sideways near the bowler", () => {
  const pts = observe(LAUNCH, (ft) => ft > 1 && ft < 59).map((p) =>
    p.ft > 10 && p.ft < 13 ? { ...p, board: p.board + 2.5 } : p
  );
  const fit = fitBoardPhases(pts.map((p) => p.ft), pts.map((p) => p.board), pts.map(() => 0.1))!;
  const want = boardAt(buildBallPath(LAUNCH), 15);
  assert.ok(Math.abs(boardOf(fit, 15) - want) < 0.15, `arrows ${boardOf(fit, 15)} vs ${want}`);
});

Deno.test("shotMetrics() puts the breakpoint of a line that never turns at the start of the hook", () => {
  const launch = { ...LAUNCH, launchSlope: 0.1, hookAccel: 0.004, hookStartFt: 30 };
  const want = truthMetrics(buildBallPath(launch));
  const got = shotMetrics(fitShotPath(observe(launch, (ft) => ft > 2))!);
  assert.equal(want.breakpointFt, 30);
  assert.ok(Math.abs(got.breakpointFt - 30) < 3, `breakpoint ${got.breakpointFt}`);
});
