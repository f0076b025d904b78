import assert from "node:assert/strict";
import { renderSidecarMetrics } from "./metrics.ts";

Deno.test("the sidecar's metrics give each lane's frames, drops and link, and the event channel", () => {
  const lane = (state: string, received: number, dropped: number) => ({
    state,
    connects: 2,
    received,
    dropped,
    analysed: received - dropped,
    shots: 3,
    stampedFrames: 0,
    delayMs: 80,
    thinned: 0,
    busy: false,
  });
  const text = renderSidecarMetrics({
    lanes: { "1": lane("live", 900, 12), 'we"ird': lane("reconnecting", 5, 0) },
    undelivered: 1,
    events: {
      sent: 40,
      acked: 39,
      duplicates: 0,
      refused: 0,
      resent: 1,
      dropped: 0,
      connects: 1,
      pending: 1,
    },
    capacity: { now: 2, limit: 3 },
  });
  const lines = text.split("\n");
  for (
    const want of [
      'lanecast_ai_frames_received_total{lane="1"} 900',
      'lanecast_ai_frames_dropped_total{lane="1"} 12',
      'lanecast_ai_frames_analysed_total{lane="1"} 888',
      'lanecast_ai_lane_connected{lane="1"} 1',
      'lanecast_ai_lane_connected{lane="we_ird"} 0',
      "lanecast_ai_shots_undelivered 1",
      "lanecast_ai_events_acked_total 39",
      "lanecast_ai_capacity_lanes 2",
      "lanecast_ai_capacity_limit_lanes 3",
      "# TYPE lanecast_ai_frames_dropped_total counter",
    ]
  ) assert.ok(lines.includes(want), `missing: ${want}\n${text}`);
});
