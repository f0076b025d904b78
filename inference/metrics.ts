/**
 * The sidecar's `GET /metrics` (Prometheus text): per lane, frames received,
 * dropped (the newest-only slot replaced one the analyzer had not taken) and
 * analysed, shots, reconnects and whether the lane is connected; the shots
 * not yet confirmed by the server; the live-event channel's counts; its
 * capacity now and its limit.
 */
import { Exposition, type Sample } from "../core/prometheus.ts";
import type { EventChannelStats } from "./events/event_channel.ts";
import type { LaneStatus } from "./sidecar.ts";

export interface SidecarSnapshot {
  lanes: Record<string, LaneStatus>;
  undelivered: number;
  events: EventChannelStats;
  /** Lanes on the air it takes now (learned) and at most. */
  capacity?: { now: number; limit: number };
}

export function renderSidecarMetrics(s: SidecarSnapshot): string {
  const perLane = (pick: (l: LaneStatus) => number): Sample[] =>
    Object.entries(s.lanes).map(([lane, l]) => [{ lane }, pick(l)]);
  const out = new Exposition()
    .metric(
      "lanecast_ai_frames_received_total",
      "counter",
      "Video frames received, by lane",
      perLane((l) => l.received),
    )
    .metric(
      "lanecast_ai_frames_dropped_total",
      "counter",
      "Frames replaced before the analyzer took them (the analyzer fell behind), by lane",
      perLane((l) => l.dropped),
    )
    .metric(
      "lanecast_ai_frames_analysed_total",
      "counter",
      "Frames analysed, by lane",
      perLane((l) => l.analysed),
    )
    .metric("lanecast_ai_shots_total", "counter", "Shots read, by lane", perLane((l) => l.shots))
    .metric(
      "lanecast_ai_lane_connects_total",
      "counter",
      "Connections to the lane's video (1 + reconnects), by lane",
      perLane((l) => l.connects),
    )
    .metric(
      "lanecast_ai_lane_connected",
      "gauge",
      "1 while the lane's video is connected, by lane",
      perLane((l) => (l.state === "live" ? 1 : 0)),
    )
    .metric(
      "lanecast_ai_shots_undelivered",
      "gauge",
      "Shots read but not yet confirmed by the server",
      s.undelivered,
    );
  for (const key of ["sent", "acked", "refused", "resent", "dropped"] as const) {
    out.metric(
      `lanecast_ai_events_${key}_total`,
      "counter",
      `Live events ${key} on the event channel`,
      s.events[key],
    );
  }
  if (s.capacity) {
    out.metric(
      "lanecast_ai_capacity_lanes",
      "gauge",
      "Lanes on the air the sidecar takes now (lowered while it drops frames of lanes in a shot)",
      s.capacity.now,
    ).metric(
      "lanecast_ai_capacity_limit_lanes",
      "gauge",
      "Lanes on the air the sidecar may take at most (INFERENCE_MAX_LANES or the default)",
      s.capacity.limit,
    );
  }
  return out.metric(
    "lanecast_ai_events_pending",
    "gauge",
    "Live events awaiting an ack",
    s.events.pending,
  )
    .toString();
}
