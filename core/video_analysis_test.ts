import assert from "node:assert/strict";
import type { ShotReport } from "./shot_report.ts";
import { bettingSuggestion, videoAnalysis } from "./video_analysis.ts";

const T0 = 1_800_000_000_000;

/** A sure report of a ball released `at` seconds into the video, pins read 4 s later. */
function report(
  at: number,
  standingBefore: number | null,
  standing: number,
  over: Partial<ShotReport> = {},
): ShotReport {
  const t = T0 + at * 1000;
  return {
    id: `lane-video-${t}`,
    events: [
      { type: "approach", captureTimeMs: t - 1500, confidence: 0.8, model: "motion" },
      { type: "release", captureTimeMs: t, confidence: 0.9, model: "ball" },
      { type: "pinfall", captureTimeMs: t + 4000, confidence: 0.99, model: "pins" },
    ],
    metrics: null,
    path: [{ captureTimeMs: t + 500, board: 12, ft: 9 }],
    standingBefore,
    standing,
    pinProbabilities: new Array(10).fill(0),
    pinConfidence: 0.99,
    trackConfidence: 0.9,
    foul: false,
    foulConfidence: 0.995,
    gutter: false,
    models: { ball: "ball", pins: "pins" },
    ...over,
  };
}

const metadata = { duration_seconds: 40, format: "mp4", width: 1280, height: 720, fps: 30 };

Deno.test("shots carry times in seconds of the video, the standing state and what the ball made", () => {
  const sevenTen = (1 << 6) | (1 << 9);
  const a = videoAnalysis({
    jobId: "j",
    metadata,
    t0Ms: T0,
    models: { ball: "ball" },
    reports: [report(3, 1023, sevenTen), report(15, sevenTen, 0), report(27, 1023, 0)],
  });
  assert.deepEqual(a.shots.map((s) => [s.releaseAt, s.pinfallAt, s.pinsDown]), [[3, 7, 8], [
    15,
    19,
    2,
  ], [27, 31, 10]]);
  assert.deepEqual(a.shots.map((s) => [s.strike, s.spare, s.split]), [[false, false, true], [
    false,
    true,
    false,
  ], [true, false, false]]);
  assert.deepEqual(a.shots[0].path, [{ t: 3.5, board: 12, ft: 9 }]);
  assert.equal(a.shots[0].confidence, 0.99);
  assert.equal(a.shots[0].autoSettle, true);
  const byLabel = Object.fromEntries(a.labels.map((l) => [l.label, l]));
  assert.deepEqual(byLabel["Ball release"].timestamps, [3, 15, 27]);
  assert.deepEqual(byLabel["Bowler approach"].timestamps, [1.5, 13.5, 25.5]);
  assert.deepEqual(byLabel["Split"].timestamps, [7]);
  assert.deepEqual(byLabel["Spare"].timestamps, [19]);
  assert.deepEqual(byLabel["Strike"], {
    label: "Strike",
    category: "Outcome",
    confidence: 0.99,
    timestamps: [31],
    source: "lanecast",
  });
  assert.deepEqual(a.activity_labels, ["Bowler approach", "Ball release"]);
});

Deno.test("a foul, a gutter ball and an unsure foul line are labelled and never auto-settle when unsure", () => {
  const a = videoAnalysis({
    jobId: "j",
    metadata,
    t0Ms: T0,
    models: {},
    reports: [
      report(3, 1023, 0, { foul: true, foulConfidence: 0.97 }),
      report(15, 1023, 1023, { gutter: true, foulConfidence: null }),
    ],
  });
  assert.equal(a.shots[0].strike, false, "a foul knocks nothing down for the score");
  assert.deepEqual(a.labels.find((l) => l.label === "Foul")?.timestamps, [3]);
  assert.deepEqual(a.labels.find((l) => l.label === "Gutter ball")?.timestamps, [19]);
  assert.deepEqual(a.shots.map((s) => s.autoSettle), [false, false]);
  assert.equal(a.shots[1].confidence, 0);
});

Deno.test("the suggested bet follows the next ball: a spare after an open first ball, else a strike", () => {
  const shots = videoAnalysis({
    jobId: "j",
    metadata,
    t0Ms: T0,
    models: {},
    reports: [report(3, 1023, 0), report(15, 1023, 0b1000000000)],
  }).shots;
  const s = bettingSuggestion(shots)!;
  assert.equal(s.market, "spare");
  assert.equal(s.basedOnShots, 0);
  assert.equal(s.probability, 0.5);
  const strike = bettingSuggestion(shots.slice(0, 1))!;
  assert.deepEqual([strike.market, strike.lean, strike.probability, strike.basedOnShots], [
    "strike",
    "YES",
    0.667,
    1,
  ]);
  assert.equal(bettingSuggestion([]), null);
});

Deno.test("a foul knocks down no pins, as settlement counts them", () => {
  const [shot] = videoAnalysis({
    jobId: "j",
    metadata,
    t0Ms: T0,
    models: {},
    reports: [report(3, 1023, 0b1000000000, { foul: true })],
  }).shots;
  assert.equal(shot.pinsDown, 0);
});
