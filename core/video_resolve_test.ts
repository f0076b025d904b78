import assert from "node:assert/strict";
import type { VideoShot } from "./video_analysis.ts";
import { resolveShot } from "./video_resolve.ts";

const shot = (over: Partial<VideoShot> = {}): VideoShot => ({
  index: 0,
  releaseAt: 3,
  pinfallAt: 7,
  standingBefore: 1023,
  standing: 0,
  pinsDown: 10,
  strike: true,
  spare: false,
  split: false,
  gutter: false,
  foul: false,
  metrics: {
    launchSpeedMph: 17.2,
    entrySpeedMph: 15,
    arrowsBoard: 12,
    breakpointBoard: 8,
    breakpointFt: 41,
    entryBoard: 17,
    entryAngleDeg: 5,
  },
  confidence: 0.99,
  trackConfidence: 0.9,
  autoSettle: true,
  path: [],
  ...over,
});

Deno.test("a sure strike resolves YES at the pinfall and moves no money", () => {
  assert.deepEqual(resolveShot(shot(), { kind: "strike" }), {
    status: "RESOLVED",
    outcome: "YES",
    confidence: 0.99,
    detected_at: 7,
    payout_triggered: false,
  });
  assert.equal(resolveShot(shot({ standing: 1 }), { kind: "strike" }).outcome, "NO");
});

Deno.test("pins over/under a line count what the ball knocked down, a foul none", () => {
  const nine = shot({ standing: 0b1000000000 });
  assert.equal(resolveShot(nine, { kind: "pins-over-under", line: 8.5 }).outcome, "YES");
  assert.equal(
    resolveShot(shot({ foul: true }), { kind: "pins-over-under", line: 8.5 }).outcome,
    "NO",
  );
});

Deno.test("speed rests on the track: below the auto-settle confidence it waits for review", () => {
  const r = resolveShot(shot(), { kind: "speed-over-under", line: 16.5 });
  assert.deepEqual([r.outcome, r.status, r.confidence, r.detected_at], [
    "YES",
    "NEEDS_REVIEW",
    0.9,
    3,
  ]);
  const unmeasured = resolveShot(shot({ metrics: null }), { kind: "speed-over-under", line: 16.5 });
  assert.deepEqual([unmeasured.outcome, unmeasured.status], ["VOID", "NEEDS_REVIEW"]);
});

Deno.test("an unsure pin read or unknown rack never resolves on its own", () => {
  assert.equal(resolveShot(shot({ confidence: 0.9 }), { kind: "strike" }).status, "NEEDS_REVIEW");
  const unknown = resolveShot(shot({ standingBefore: null }), { kind: "spare" });
  assert.deepEqual([unknown.outcome, unknown.status], ["VOID", "NEEDS_REVIEW"]);
});
