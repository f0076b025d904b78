import assert from "node:assert/strict";
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import { matchLaneEvents } from "./event_match.ts";

const truth = (shot: number, t0: number) =>
  ({
    shot,
    approachMs: t0,
    releaseMs: t0 + 2000,
    impactMs: t0 + 4500,
    settledMs: t0 + 6000,
    rackReadyMs: t0 + 8500,
  }) as TimedShotTruth;

Deno.test("matchLaneEvents() takes the first event of each type in its shot's window and counts the rest", () => {
  const truths = [truth(0, 0), truth(1, 10_000)];
  const events = [
    { type: "approach" as const, captureTimeMs: 800 },
    { type: "release" as const, captureTimeMs: 1600 },
    { type: "release" as const, captureTimeMs: 2100 },
    { type: "pinfall" as const, captureTimeMs: 5700 },
    { type: "rack-ready" as const, captureTimeMs: 9100 },
    { type: "approach" as const, captureTimeMs: 10_900 },
    { type: "pinfall" as const, captureTimeMs: 15_900 },
  ];
  const { matches, extra } = matchLaneEvents(truths, events, 30_000);
  assert.deepEqual(matches.map((m) => [m.shot, m.type, m.delayMs]), [
    [0, "approach", 800],
    [0, "release", -400],
    [0, "pinfall", -300],
    [0, "rack-ready", 600],
    [1, "approach", 900],
    [1, "release", null],
    [1, "pinfall", -100],
  ]);
  assert.deepEqual(extra, { approach: 0, release: 1, pinfall: 0, "rack-ready": 0 });
});
