/** `/metrics` in Prometheus text format: workers, lanes, transports, producers, consumers, bitrates. */
import { Exposition, type Sample } from "../core/prometheus.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import type { WorkerPool } from "./workers.ts";
import type { LaneReplays } from "./replay/lane_replays.ts";

export async function renderMetrics(
  pool: WorkerPool,
  rooms: LaneRooms,
  replays?: LaneReplays,
): Promise<string> {
  const out = new Exposition();
  const workers = pool.workers.filter((w) => !w.worker.closed);
  const cpu: Sample[] = [];
  for (const w of workers) {
    try {
      const ru = await w.worker.getResourceUsage();
      cpu.push([{ pid: String(w.worker.pid) }, (ru.ru_utime + ru.ru_stime) / 1000]);
    } catch { /* worker just died */ }
  }
  out.metric("lanecast_sfu_workers", "gauge", "Running mediasoup workers", workers.length)
    .metric(
      "lanecast_sfu_worker_replacements_total",
      "counter",
      "Workers that died and were replaced",
      pool.replaced,
    )
    .metric(
      "lanecast_sfu_worker_respawn_failures_total",
      "counter",
      "Tries at starting a replacement worker that failed (retried with backoff)",
      pool.respawnFailures,
    )
    .metric(
      "lanecast_sfu_lanes_moved_total",
      "counter",
      "Lanes moved to a surviving worker when theirs died",
      rooms.moved,
    )
    .metric("lanecast_sfu_worker_cpu_seconds_total", "counter", "CPU time used by each worker", cpu)
    .metric(
      "lanecast_sfu_worker_lanes",
      "gauge",
      "Lanes placed on each worker",
      workers.map((w) => [{ pid: String(w.worker.pid) }, w.load]),
    );

  const quota = rooms.options.quota;
  const live: Sample[] = [],
    transports: Sample[] = [],
    viewerTransports: Sample[] = [],
    producers: Sample[] = [],
    consumers: Sample[] = [];
  const inBitrate: Sample[] = [], outBitrate: Sample[] = [];
  for (const room of rooms.all()) {
    const lane = { lane: room.laneId };
    let t = 0, c = 0, out = 0;
    for (const s of room.links.values()) {
      t += s.transports.size;
      c += s.consumers.size;
      for (const tr of s.transports.values()) {
        try {
          const [st] = await tr.getStats();
          out += st?.sendBitrate ?? 0;
        } catch { /* closed meanwhile */ }
      }
    }
    let inRate = 0;
    for (const p of room.producers) {
      try {
        for (const st of await p.getStats()) inRate += st.bitrate ?? 0;
      } catch { /* closed meanwhile */ }
    }
    live.push([lane, room.live ? 1 : 0]);
    transports.push([lane, t]);
    viewerTransports.push([lane, quota.onLane(room.laneId)]);
    producers.push([lane, room.producers.length]);
    consumers.push([lane, c]);
    inBitrate.push([lane, inRate]);
    outBitrate.push([lane, out]);
  }
  out.metric("lanecast_sfu_routers", "gauge", "Lane routers open", rooms.all().length)
    .metric("lanecast_sfu_routers_created_total", "counter", "Lane routers created", rooms.created)
    .metric("lanecast_sfu_lane_live", "gauge", "1 when the lane has a video producer", live)
    .metric("lanecast_sfu_transports", "gauge", "Transports per lane", transports)
    .metric(
      "lanecast_sfu_viewer_transports",
      "gauge",
      "Viewers' WebRTC transports per lane (what the viewer caps count)",
      viewerTransports,
    )
    .metric(
      "lanecast_sfu_viewers_refused_total",
      "counter",
      "Viewer transports refused by a per-lane, per-address or per-token cap",
      quota.refused,
    )
    .metric("lanecast_sfu_producers", "gauge", "Producers per lane", producers)
    .metric("lanecast_sfu_consumers", "gauge", "Consumers per lane", consumers)
    .metric(
      "lanecast_sfu_ingress_bitrate_bps",
      "gauge",
      "Bitrate received from the lane's publisher",
      inBitrate,
    )
    .metric(
      "lanecast_sfu_egress_bitrate_bps",
      "gauge",
      "Bitrate sent to the lane's viewers",
      outBitrate,
    );
  if (replays) await replayMetrics(out, replays);
  return out.toString();
}

/** Each lane's replay buffer: what it holds, keyframes it asked for, replays it played. */
async function replayMetrics(out: Exposition, replays: LaneReplays): Promise<void> {
  const bytes: Sample[] = [],
    seconds: Sample[] = [],
    keyframes: Sample[] = [],
    played: Sample[] = [];
  for (const b of await replays.running()) {
    const lane = { lane: b.laneId };
    const w = b.ring.window();
    bytes.push([lane, w.bytes]);
    seconds.push([lane, w.fromMs === null ? 0 : (w.toMs! - w.fromMs) / 1000]);
    keyframes.push([lane, b.keyframeRequests]);
    played.push([lane, b.player.played]);
  }
  out.metric(
    "lanecast_sfu_replay_buffer_bytes",
    "gauge",
    "Bytes of RTP in the lane's replay buffer",
    bytes,
  )
    .metric(
      "lanecast_sfu_replay_buffer_seconds",
      "gauge",
      "Seconds of video in the lane's replay buffer",
      seconds,
    )
    .metric(
      "lanecast_sfu_replay_keyframe_requests_total",
      "counter",
      "Keyframes the replay buffer asked of the lane's camera",
      keyframes,
    )
    .metric(
      "lanecast_sfu_replays_total",
      "counter",
      "Instant replays played into the lane",
      played,
    );
}
