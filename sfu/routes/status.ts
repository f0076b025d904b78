/**
 * What the SFU is doing: `/lanes` (each lane's state and video health) and
 * `/metrics` for the server, tools and a scraper holding the service key;
 * `/health` for anyone.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { LaneRoom } from "../lane_room.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import { renderMetrics } from "../metrics.ts";
import type { LaneReplays } from "../replay/lane_replays.ts";
import type { WorkerPool } from "../workers.ts";

export interface StatusRoutesOptions {
  rooms: LaneRooms;
  pool: WorkerPool;
  /** The lanes' replay buffers, for `/metrics`. */
  replays?: LaneReplays;
  /** Guards `/lanes` and `/metrics` (`/health` stays public). */
  internal: MiddlewareHandler;
}

export function statusRoutes({ rooms, pool, replays, internal }: StatusRoutesOptions): Hono {
  const app = new Hono();
  app.get("/lanes", internal, async (c) =>
    c.json(
      await Promise.all(
        rooms.all().map(async (r) => ({
          id: r.laneId,
          live: r.live,
          liveSince: r.liveSince,
          viewers: [...r.links.values()].filter((l) => l.consumers.size > 0).length,
          worker: r.worker.pid,
          video: await videoHealth(r),
        })),
      ),
    ));
  app.get("/health", (c) => {
    const workers = pool.workers.filter((w) => !w.worker.closed).length;
    return c.json(
      { status: workers > 0 ? "ok" : "degraded", workers, lanes: rooms.all().length },
      workers > 0 ? 200 : 503,
    );
  });
  app.get("/metrics", internal, async (c) => {
    c.header("Content-Type", "text/plain; version=0.0.4");
    return c.body(await renderMetrics(pool, rooms, replays));
  });
  return app;
}

/** The lane's incoming video: bitrate (bit/s), mediasoup's 0–10 quality score, last keyframe; `null` without a producer. */
async function videoHealth(room: LaneRoom) {
  const producer = room.producers.find((p) => p.kind === "video");
  if (!producer) return null;
  try {
    const stats = await producer.getStats();
    return {
      bitrate: stats.reduce((sum, s) => sum + (s.bitrate ?? 0), 0),
      score: stats.length ? Math.min(...stats.map((s) => s.score ?? 0)) : null,
      lastKeyFrameAt: room.lastKeyFrameAt(producer.id) ?? null,
    };
  } catch {
    return null; // closed meanwhile
  }
}
