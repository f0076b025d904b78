/**
 * The SFU's HTTP surface, assembled from its route modules: WHIP ingest and
 * WHEP playback (routes/whip_whep.ts), WebSocket signaling for
 * mediasoup-client peers (routes/signaling.ts), RTP and pulled-camera ingest
 * (routes/ingest.ts), lane status, health and `/metrics` (routes/status.ts).
 * Every lane route checks a lane token; the internal ones the service key.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { VerifyKey } from "../core/lane_token.ts";
import { problem, problemResponse } from "../core/problem.ts";
import { requireService } from "./auth.ts";
import { onError } from "./http_util.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import type { PullIngests } from "./pull_ingest.ts";
import { HttpLinks } from "./routes/http_links.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { signalingRoutes } from "./routes/signaling.ts";
import { statusRoutes } from "./routes/status.ts";
import { whipWhepRoutes } from "./routes/whip_whep.ts";
import type { WorkerPool } from "./workers.ts";

export interface SfuAppOptions {
  rooms: LaneRooms;
  pool: WorkerPool;
  pulls: PullIngests;
  verifyKey: VerifyKey;
  /** Bearer key of `/lanes`, `/ingest` and `/metrics`; without one they answer loopback callers only. */
  serviceKey?: string;
  /** Read callers' addresses from `X-Forwarded-For` (behind one trusted proxy). */
  trustProxy?: boolean;
}

export function createSfuApp(
  { rooms, pool, pulls, verifyKey, serviceKey, trustProxy = false }: SfuAppOptions,
): Hono {
  const app = new Hono();
  app.onError(onError);
  app.use(
    "*",
    cors({
      origin: "*",
      exposeHeaders: ["Location", "ETag", "Link", "Accept-Post"],
      allowHeaders: ["Authorization", "Content-Type", "If-Match"],
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS", "PUT"],
    }),
  );
  const links = new HttpLinks();
  const internal = requireService(serviceKey);
  app.route("/", whipWhepRoutes({ rooms, links, verifyKey, trustProxy }));
  app.route("/", signalingRoutes({ rooms, verifyKey, trustProxy }));
  app.route("/", ingestRoutes({ rooms, pulls, links, verifyKey, internal }));
  app.route("/", statusRoutes({ rooms, pool, internal }));
  app.notFound((c) => problemResponse(problem(404, "not_found", `Cannot find "${c.req.path}"`)));
  return app;
}
