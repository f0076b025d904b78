import assert from "node:assert/strict";
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import type { ShotReport } from "../core/shot_report.ts";
import { evalFigures } from "./eval_match.ts";

const metrics = {
  launchSpeedMph: 17,
  entrySpeedMph: 15,
  arrowsBoard: 12,
  breakpointBoard: 8,
  breakpointFt: 42,
  entryBoard: 17.5,
  entryAngleDeg: 5,
};

function truth(shot: number, o: Partial<TimedShotTruth> = {}): TimedShotTruth & { laneId: string } {
  const releaseMs = 1_000_000 + shot * 20_000;
  return {
    laneId: "1",
    lane: 1,
    seed: 7,
    shot,
    game: 0,
    frame: 1,
    ball: 1,
    approachFrame: 0,
    releaseFrame: 0,
    arrowsFrame: 0,
    impactFrame: 0,
    settledFrame: 0,
    standingBefore: 0x3ff,
    standingAfter: 0,
    foul: false,
    gutter: false,
    approachMs: releaseMs - 2000,
    releaseMs,
    arrowsMs: releaseMs + 600,
    impactMs: releaseMs + 2500,
    settledMs: releaseMs + 4500,
    ...metrics,
    ...o,
  };
}

function report(shot: number, o: Partial<ShotReport> = {}) {
  const release = 1_000_000 + shot * 20_000 + 10;
  const r: ShotReport = {
    id: `shot-${shot}-xxxx`,
    events: [{ type: "release", captureTimeMs: release, confidence: 0.9, model: "b" }],
    metrics: { ...metrics, launchSpeedMph: 17.1 },
    path: [],
    standingBefore: 0x3ff,
    standing: 0,
    pinProbabilities: new Array(10).fill(0),
    pinConfidence: 0.999,
    trackConfidence: 0.9,
    foul: false,
    foulConfidence: 0.999,
    gutter: false,
    models: { ball: "b", pins: "p" },
    ...o,
  };
  return { lane: "1", report: r };
}

Deno.test("evalFigures() counts a foul line judged wrong and settled as a wrong settlement", () => {
  const f = evalFigures(
    [truth(0), truth(1, { foul: true }), truth(2, { foul: true }), truth(3), truth(4)],
    [
      report(0),
      report(1), // foul missed, settled automatically: wrong
      report(2, { foul: true, foulConfidence: 0.99 }), // caught surely: settles as a foul
      report(3, { foulConfidence: null }), // foul line not judged: review
      report(4, { foul: true, foulConfidence: 0.995 }), // a false foul, settled: wrong
    ],
  );
  assert.equal(f.matched, 5);
  assert.equal(f.pinStateExact, 1);
  assert.equal(f.autoSettled, 0.8);
  assert.equal(f.wrongAutoSettled, 2);
  assert.deepEqual(
    [f.fouls, f.foulsCalled, f.foulsCaught, f.foulJudged],
    [2, 2, 1, 4],
  );
  assert.equal(f.speedMaeMph, 0.1);
});

Deno.test("evalFigures() counts unmatched truths as missed and stray reports as extra", () => {
  const f = evalFigures([truth(0), truth(1)], [report(0), report(5)]);
  assert.equal(f.missedShots, 1);
  assert.equal(f.extraShots, 1);
  assert.equal(f.pinStateExact, 0.5);
});
