import assert from "node:assert/strict";
import { defaultSimCalibration } from "../../core/lane_geometry.ts";
import { shotMetrics as truthMetrics } from "../../sim/ground_truth.ts";
import {
  type BallLaunch,
  boardAt,
  buildBallPath,
  ftAtTime,
  pathDuration,
} from "../../sim/physics.ts";
import type { BallDetection, Frame, PinStateResult } from "../models/types.ts";
import { fromCalibration } from "../tracking/lane_view.ts";
import { AUTO_SETTLE_CONFIDENCE } from "./pin_vote.ts";
import { hiddenBoardScale, ShotDetector } from "./shot_detector.ts";

const LAUNCH: BallLaunch = {
  speedMph: 17,
  speedLossMph: 2.4,
  foulBoard: 18,
  launchSlope: -0.25,
  hookStartFt: 30,
  rollStartFt: 55,
  hookAccel: 0.03,
};

function pins(standing: number): PinStateResult {
  const probabilities = new Float32Array(10).map((_, i) => ((standing >> i) & 1 ? 1 : 0));
  return { standing, probabilities, confidence: 1 };
}

/**
 * Runs one shot through a detector: the ball swung, held at the foul line,
 * hidden by the bowler up to 25 ft, then seen to the pins; the deck moves
 * (the picture flickers) until `deckMovingUntilS` after release.
 */
function runShot(deckMovingUntilS = 0, foulP?: (frameIndex: number) => number) {
  const view = fromCalibration(defaultSimCalibration(640, 360));
  const det = new ShotDetector({
    laneId: "1",
    view,
    models: { ball: "b", pins: "p", foul: "f" },
    foulCropBytes: foulP ? 4 : undefined,
  });
  const asked: number[][] = [];
  const still = new Uint8Array(640 * 360 * 1.5);
  const flicker = new Uint8Array(640 * 360 * 1.5).fill(200);
  const path = buildBallPath(LAUNCH);
  const release = 1_700_000_000_000;
  const seen = (board: number, ft: number): BallDetection[] => {
    const c = view.ballToImage({ board, ft });
    return [{ x: c.u, y: c.v, radius: view.ballRadiusPx(c.u, c.v), confidence: 0.95 }];
  };
  const reports = [];
  for (let i = -60; i < 300; i++) {
    const t = release + (i * 1000) / 30;
    const s = i / 30;
    let d: BallDetection[] = [];
    if (i >= -16 && i < -12) d = seen(18, -2 + 0.5 * (i + 16)); // the swing
    else if (i >= -12 && i < 0) d = seen(18, 0); // still in the hand at the foul line
    else if (i >= 0 && s < pathDuration(path)) {
      const ft = ftAtTime(path, s);
      if (ft > 25 && ft < 60.6) d = seen(boardAt(path, ft), ft);
    }
    const data = s > 2 && s < deckMovingUntilS && i % 2 ? flicker : still;
    const frame: Frame = { laneId: "1", width: 640, height: 360, data, captureTimeMs: t, seq: i };
    const read = det.onFrame(frame, d);
    // A stand-in foul classifier: each crop holds its frame index; P(foul) comes from `foulP`.
    if (det.foulSlot) new DataView(det.foulSlot.buffer).setInt32(0, i);
    const ask = det.takeFoulRequest();
    if (ask && foulP) {
      const frames = ask.map((c) => new DataView(c.buffer).getInt32(0));
      asked.push(frames);
      det.onFoul(frames.map(foulP));
    }
    if (read) det.onPins(read, pins(read === "before" ? 0x3ff : 0b1000000000));
    reports.push(...det.take());
  }
  return { reports, release, want: truthMetrics(path), asked };
}

Deno.test("ShotDetector reports a shot whose ball was held at the foul line, then hidden to 25 ft", () => {
  const { reports, release, want } = runShot();
  assert.equal(reports.length, 1);
  const r = reports[0];
  assert.equal(r.standing, 0b1000000000);
  assert.ok(r.pinConfidence >= AUTO_SETTLE_CONFIDENCE);
  assert.ok(r.metrics, "the shot has metrics");
  assert.ok(
    Math.abs(r.metrics.launchSpeedMph - want.launchSpeedMph) < 0.2,
    `launch ${r.metrics.launchSpeedMph} vs ${want.launchSpeedMph}`,
  );
  const rel = r.events.find((e) => e.type === "release")!.captureTimeMs;
  assert.ok(Math.abs(rel - release) < 40, `release off by ${rel - release} ms`);
});

Deno.test("ShotDetector sends pins read only long after impact (maybe the next rack) to review", () => {
  const { reports } = runShot(7.5);
  assert.equal(reports.length, 1);
  assert.ok(reports[0].pinConfidence < AUTO_SETTLE_CONFIDENCE, `${reports[0].pinConfidence}`);
});

Deno.test("ShotDetector judges the foul line on the frames 0.1–1 s after the release", () => {
  const { reports, asked } = runShot(0, () => 0.99999);
  assert.equal(asked.length, 1, "one verdict asked for per shot");
  const frames = asked[0];
  assert.ok(frames.length >= 12 && frames.length <= 16, `${frames.length} crops`);
  // 0.1 s = frame 3, 1 s = frame 30 (allowing the fitted release a frame either way).
  assert.ok(frames.every((i) => i >= 2 && i <= 31), `${frames}`);
  assert.deepEqual(frames, [...frames].sort((a, b) => a - b), "oldest first");
  assert.equal(reports[0].foul, true);
  assert.equal(reports[0].foulConfidence, 0.999); // 1e5 : 1 at even odds, then the 1 : 99 prior
  assert.equal(reports[0].models.foul, "f");
});

Deno.test("ShotDetector reports a clear foul line, and no verdict when nobody judged it", () => {
  const clear = runShot(0, () => 0.1).reports[0];
  assert.equal(clear.foul, false);
  assert.equal(clear.foulConfidence, 0.9989);
  const unjudged = runShot().reports[0];
  assert.equal(unjudged.foul, false);
  assert.equal(unjudged.foulConfidence, null);
  assert.equal(unjudged.models.foul, undefined);
});

Deno.test("hiddenBoardScale() trusts a half-hidden ball's board less, and a whole one fully", () => {
  assert.equal(hiddenBoardScale(undefined), 1);
  assert.equal(hiddenBoardScale(1), 1);
  assert.equal(hiddenBoardScale(0.9), 1);
  assert.ok(Math.abs(hiddenBoardScale(0.7) - 3.5) < 1e-9);
  assert.equal(hiddenBoardScale(0.5), 6);
  assert.equal(hiddenBoardScale(0.1), 6);
});
