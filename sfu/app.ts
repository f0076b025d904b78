/**
 * The SFU's HTTP surface, assembled from its route modules: WHIP ingest and
 * WHEP playback (routes/whip_whep.ts), WebSocket signaling for
 * mediasoup-client peers (routes/signaling.ts), RTP and pulled-camera ingest
 * (routes/ingest.ts), lane status, health and `/metrics` (routes/status.ts),
 * replay buffers, clips and instant replays (routes/replays.ts), and the
 * origin's end of pipes to other hosts (pipe/origin_routes.ts).
 * Every lane route checks a lane token; the internal ones the service key.
 */
import type { TrustProxy } from "../server/auth/client_ip.ts";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { VerifyKey } from "../core/lane_token.ts";
import { problem, problemResponse } from "../core/problem.ts";
import { requireService } from "./auth.ts";
import { onError } from "./http_util.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import { PublishEpochs } from "./publish_epochs.ts";
import type { LaneReplays } from "./replay/lane_replays.ts";
import type { PullIngests } from "./pull_ingest.ts";
import { HttpLinks } from "./routes/http_links.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { replayRoutes } from "./routes/replays.ts";
import { signalingRoutes } from "./routes/signaling.ts";
import { statusRoutes } from "./routes/status.ts";
import { whipWhepRoutes } from "./routes/whip_whep.ts";
import type { WorkerPool } from "./workers.ts";
import type { LanePipes } from "./pipe/lane_pipes.ts";
import { pipeOriginRoutes } from "./pipe/origin_routes.ts";

export interface SfuAppOptions {
  rooms: LaneRooms;
  pool: WorkerPool;
  pulls: PullIngests;
  /** Each lane's replay buffer (clips, instant replays). */
  replays: LaneReplays;
  /** Lanes piped in from their origin hosts (sfu/pipe/). */
  pipes: LanePipes;
  verifyKey: VerifyKey;
  /**
   * This host's id when it is one of several (SFU_ID, or announcing to the
   * server): a lane token whose `host` claim names another host is refused.
   */
  hostId?: string;
  /** Bearer key of `/lanes`, `/ingest` and `/metrics`; without one they answer loopback callers only. */
  serviceKey?: string;
  /** Read callers' addresses from `X-Forwarded-For` (behind one trusted proxy). */
  trustProxy?: TrustProxy;
}

export function createSfuApp(
  { rooms, pool, pulls, replays, pipes, verifyKey, hostId, serviceKey, trustProxy = false }:
    SfuAppOptions,
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
  // What the server last said about each lane's publishers (camera key rotated, lane disabled).
  const epochs = new PublishEpochs();
  app.route("/", whipWhepRoutes({ rooms, links, epochs, pipes, verifyKey, hostId, trustProxy }));
  app.route("/", signalingRoutes({ rooms, epochs, pipes, verifyKey, hostId, trustProxy }));
  app.route("/", pipeOriginRoutes({ rooms, internal }));
  app.route("/", ingestRoutes({ rooms, pulls, links, epochs, verifyKey, hostId, internal }));
  app.route("/", statusRoutes({ rooms, pool, replays, internal }));
  app.route("/", replayRoutes({ replays, internal }));
  app.notFound((c) => problemResponse(problem(404, "not_found", `Cannot find "${c.req.path}"`)));
  return app;
}
