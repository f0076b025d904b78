import assert from "node:assert/strict";
import {
  frameAtOrAfter,
  frameCaptureMs,
  shotMetrics,
  truthToJsonLine,
  withCaptureTimes,
} from "./ground_truth.ts";
import { type BallLaunch, buildBallPath } from "./physics.ts";
import { ShotSequence } from "./shot_sequence.ts";

const launch: BallLaunch = {
  speedMph: 18,
  speedLossMph: 2.4,
  foulBoard: 20,
  launchSlope: -0.3,
  hookStartFt: 37,
  rollStartFt: 55,
  hookAccel: 0.066,
};

Deno.test("shotMetrics() measures the path the way Specto does", () => {
  const m = shotMetrics(buildBallPath(launch));
  assert.ok(Math.abs(m.launchSpeedMph - 17.94) < 0.05, `launch ${m.launchSpeedMph}`);
  // Entry speed is the average over 57–59.5 ft: 18 − 2.4 · 58.25/60.
  assert.ok(Math.abs(m.entrySpeedMph - 15.67) < 0.05, `entry ${m.entrySpeedMph}`);
  assert.equal(m.arrowsBoard, 15.5);
  assert.ok(m.breakpointFt > 41 && m.breakpointFt < 42.5);
  assert.ok(m.breakpointBoard < m.arrowsBoard && m.breakpointBoard < m.entryBoard);
  assert.ok(m.entryAngleDeg > 2 && m.entryAngleDeg < 6, `angle ${m.entryAngleDeg}`);
});

Deno.test("frame indices become capture times from the first frame's", () => {
  assert.equal(frameCaptureMs(0, 1_700_000_000_000, 30), 1_700_000_000_000);
  assert.equal(frameCaptureMs(30, 1_700_000_000_000, 30), 1_700_000_001_000);
  assert.equal(frameCaptureMs(1, 1000, 30), 1033);
  assert.equal(frameAtOrAfter(100, 1, 30), 130);
  assert.equal(frameAtOrAfter(100, 1.01, 30), 131);
});

Deno.test("ground truth records are complete, ordered and serialise to one JSON line", () => {
  const seq = new ShotSequence({ seed: 11, lane: 4, fps: 30 });
  const truths = seq.truthsUpTo(30 * 120);
  assert.ok(truths.length >= 10);
  for (const [i, t] of truths.entries()) {
    assert.equal(t.shot, i);
    assert.equal(t.lane, 4);
    assert.equal(t.seed, 11);
    assert.ok(t.approachFrame < t.releaseFrame && t.releaseFrame < t.arrowsFrame);
    assert.ok(t.arrowsFrame < t.impactFrame && t.impactFrame <= t.settledFrame);
    assert.ok(t.launchSpeedMph >= 13.5 && t.launchSpeedMph <= 22.5);
    assert.ok((t.standingAfter & ~t.standingBefore) === 0, "pins never stand up again");
    if (t.gutter) assert.equal(t.standingAfter, t.standingBefore);
  }
  const timed = withCaptureTimes(truths[0], 1_700_000_000_000, 30);
  assert.equal(timed.releaseMs, frameCaptureMs(truths[0].releaseFrame, 1_700_000_000_000, 30));
  const line = truthToJsonLine(timed);
  assert.ok(!line.includes("\n"));
  const back = JSON.parse(line);
  for (
    const key of [
      "lane",
      "seed",
      "shot",
      "frame",
      "ball",
      "releaseFrame",
      "arrowsFrame",
      "impactFrame",
      "settledFrame",
      "launchSpeedMph",
      "entrySpeedMph",
      "arrowsBoard",
      "breakpointBoard",
      "breakpointFt",
      "entryBoard",
      "entryAngleDeg",
      "standingBefore",
      "standingAfter",
      "foul",
      "gutter",
      "impactMs",
    ]
  ) {
    assert.ok(key in back, `missing ${key}`);
  }
  assert.deepEqual(back, timed);
});
