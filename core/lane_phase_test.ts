import assert from "node:assert/strict";
import { type LaneEventType, nextLanePhase } from "./lane_phase.ts";

const event = (type: LaneEventType, captureTimeMs: number) => ({ type, captureTimeMs });

Deno.test("nextLanePhase() holds the ball in play from approach to pinfall and keeps the newest capture", () => {
  let s = nextLanePhase(null, event("rack-ready", 1000));
  assert.deepEqual([s.phase, s.ballInPlay], ["rack-ready", false]);
  for (
    const [type, phase] of [["approach", "approach"], ["release", "released"], [
      "pinfall",
      "pinfall",
    ]] as const
  ) {
    s = nextLanePhase(s, event(type, s.event.captureTimeMs + 500));
    assert.deepEqual([s.phase, s.ballInPlay], [phase, true]);
  }
  assert.equal(nextLanePhase(s, event("rack-ready", 1200)), s, "an older event changes nothing");
});
