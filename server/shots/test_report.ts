/** A sure shot report for tests (a strike leaving the 10 pin, with metrics and a path); `over` changes it. */
import type { ShotReport } from "../../core/shot_report.ts";

export function testShotReport(id: string, over: Partial<ShotReport> = {}): ShotReport {
  return {
    id,
    events: [
      { type: "release", captureTimeMs: 1_800_000_000_000, confidence: 0.97, model: "ball-test@1" },
      {
        type: "pinfall",
        captureTimeMs: 1_800_000_004_000,
        confidence: 0.995,
        model: "pins-test@1",
      },
    ],
    metrics: {
      launchSpeedMph: 17.2,
      entrySpeedMph: 15.1,
      arrowsBoard: 12.4,
      breakpointBoard: 8.1,
      breakpointFt: 41.5,
      entryBoard: 17.5,
      entryAngleDeg: 5.2,
    },
    path: [{ captureTimeMs: 1_800_000_000_100, board: 13.2, ft: 2.4 }],
    standingBefore: 1023,
    standing: 0b1000000000,
    pinProbabilities: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.999],
    pinConfidence: 0.995,
    trackConfidence: 0.9,
    foul: false,
    foulConfidence: 0.996,
    gutter: false,
    models: { ball: "ball-test@1", pins: "pins-test@1", foul: "foul-test@1" },
    ...over,
  };
}
