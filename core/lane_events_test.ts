import assert from "node:assert/strict";
import {
  LANE_EVENT_ID_PATTERN,
  laneEventId,
  LaneEventSchema,
  type ReceivedLaneEvent,
} from "./lane_events.ts";

const event = (type: ReceivedLaneEvent["type"], captureTimeMs: number): ReceivedLaneEvent => ({
  id: laneEventId("12", type, captureTimeMs),
  laneId: "12",
  type,
  captureTimeMs,
  confidence: 0.8,
  model: "m@1",
  models: { ball: "b@1" },
  receivedAtMs: captureTimeMs + 40,
});

Deno.test("laneEventId() is the same for the same lane, type and frame, and fits the id pattern", () => {
  const id = laneEventId("12", "rack-ready", 1_800_000_000_000.4);
  assert.equal(id, laneEventId("12", "rack-ready", 1_800_000_000_000));
  assert.notEqual(id, laneEventId("12", "release", 1_800_000_000_000));
  assert.match(id, LANE_EVENT_ID_PATTERN);
  const { receivedAtMs: _, ...sent } = event("release", 1_800_000_000_000);
  assert.deepEqual(LaneEventSchema.parse(sent), sent);
});
