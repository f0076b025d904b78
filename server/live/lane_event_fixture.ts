/** A valid live lane event for tests (lane "1"), with any field overridden. */
import type { LaneEvent } from "../../core/lane_events.ts";

export function testLaneEvent(over: Partial<LaneEvent> = {}): LaneEvent {
  const type = over.type ?? "release";
  const captureTimeMs = over.captureTimeMs ?? Date.now() - 50;
  return {
    id: `1-${type}-${captureTimeMs}`,
    laneId: "1",
    type,
    captureTimeMs,
    confidence: 0.9,
    model: "ball@1",
    models: { ball: "ball@1", pins: "pins@1", motion: "motion-rules@1" },
    ...over,
  };
}
