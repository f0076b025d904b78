/**
 * The SFU's HTTP surface: WHIP ingest, WHEP playback, WebSocket signaling for
 * mediasoup-client peers, RTP and pulled-camera ingest, lane status and
 * `/metrics`. Every lane route checks a lane token.
 */
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { upgradeWebSocket } from "hono/deno";
import { z } from "zod";
import type { VerifyKey } from "../core/lane_token.ts";
import { DomainError, problem, problemResponse } from "../core/problem.ts";
import { laneParam, requireLaneToken } from "./auth.ts";
import { onError, readSdpBody, sdpBodyLimit } from "./http_util.ts";
import type { LaneRoom } from "./lane_room.ts";
import type { LaneRooms } from "./lane_rooms.ts";
import { renderMetrics } from "./metrics.ts";
import type { PullIngests } from "./pull_ingest.ts";
import { startRtpIngest } from "./rtp_ingest.ts";
import { parseOffer } from "./sdp_offer.ts";
import type { Session } from "./session.ts";
import { sessionEventsLink, sessionEventsResponse } from "./session_events.ts";
import { SignalingPeer } from "./signaling/peer.ts";
import { startWhepSession } from "./whep.ts";
import { startWhipSession } from "./whip.ts";
import type { WorkerPool } from "./workers.ts";

export interface SfuAppOptions {
  rooms: LaneRooms;
  pool: WorkerPool;
  pulls: PullIngests;
  verifyKey: VerifyKey;
}

export function createSfuApp({ rooms, pool, pulls, verifyKey }: SfuAppOptions): Hono {
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

  // Sessions created over WHIP/WHEP/RTP, addressable by their Location for DELETE.
  const httpSessions = new Map<string, Session>();
  const track = (s: Session) => {
    httpSessions.set(s.id, s);
    s.onClose(() => httpSessions.delete(s.id));
  };
  const laneSession = (c: Context, lane: string) => {
    const session = httpSessions.get(c.req.param("session") ?? "");
    if (!session || session.laneId !== lane) {
      throw new DomainError(
        "unknown_session",
        `Cannot find session "${c.req.param("session")}"`,
      );
    }
    return session;
  };

  for (const kind of ["whip", "whep"] as const) {
    const right = kind === "whip" ? "lane:publish" : (["lane:view", "lane:subscribe-raw"] as const);
    app.options(`/${kind}/:lane`, (c) => {
      c.header("Accept-Post", "application/sdp");
      return c.body(null, 204);
    });
    app.post(`/${kind}/:lane`, sdpBodyLimit, async (c) => {
      const lane = laneParam(c);
      const claims = await requireLaneToken(c, verifyKey, lane, right);
      const offer = parseOffer(await readSdpBody(c));
      const room = await rooms.getOrCreate(lane);
      const { session, answer } = kind === "whip"
        ? await startWhipSession(room, offer, claims.sub)
        : await startWhepSession(room, offer, claims.sub);
      track(session);
      const location = `/${kind}/${lane}/${session.id}`;
      c.header("Location", location);
      c.header("Link", sessionEventsLink(location));
      c.header("ETag", `"${session.id}"`);
      c.header("Content-Type", "application/sdp");
      return c.body(answer, 201);
    });
    app.delete(`/${kind}/:lane/:session`, async (c) => {
      const lane = laneParam(c);
      await requireLaneToken(c, verifyKey, lane, right);
      laneSession(c, lane).close("ended by the client");
      return c.body(null, 200);
    });
    app.get(`/${kind}/:lane/:session/events`, async (c) => {
      const lane = laneParam(c);
      await requireLaneToken(c, verifyKey, lane, right);
      return sessionEventsResponse(laneSession(c, lane));
    });
    app.patch(`/${kind}/:lane/:session`, (c) => {
      // ICE-lite with every candidate in the answer: trickle and ICE restarts are not needed.
      c.header("Allow", "DELETE");
      throw new DomainError(
        "method_not_allowed",
        "This server does not support trickle ICE or ICE restarts; start a new session",
      );
    });
  }

  app.get("/ws/:lane", async (c, next) => {
    const lane = laneParam(c);
    const claims = await requireLaneToken(c, verifyKey, lane, [
      "lane:view",
      "lane:subscribe-raw",
      "lane:publish",
    ]);
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new DomainError("upgrade_required", "This endpoint speaks WebSocket");
    }
    const room = await rooms.getOrCreate(lane);
    let peer: SignalingPeer | undefined;
    const handler = upgradeWebSocket(() => ({
      onOpen: (_e, ws) => {
        peer = new SignalingPeer(room, claims, (text) => {
          if (ws.readyState === 1) ws.send(text);
        }, (code, reason) => {
          if (ws.readyState <= 1) ws.close(code, reason);
        });
      },
      onMessage: (e) => {
        const text = typeof e.data === "string" ? e.data : "";
        peer?.handle(text || "<binary>");
      },
      onClose: () => peer?.close(),
      onError: () => peer?.close(),
    }));
    return await handler(c, next);
  });

  app.post("/ingest/:lane/rtp", async (c) => {
    const lane = laneParam(c);
    const claims = await requireLaneToken(c, verifyKey, lane, "lane:publish");
    const body = await c.req.json().catch(() => ({}));
    const parsed = z.object({ codec: z.enum(["VP8", "H264"]).default("VP8") }).safeParse(
      body ?? {},
    );
    if (!parsed.success) {
      throw new DomainError("bad_request", 'Invalid "codec": use "VP8" or "H264"');
    }
    const { codec } = parsed.data;
    const room = await rooms.getOrCreate(lane);
    const ingest = await startRtpIngest(room, codec, claims.sub);
    track(ingest.session);
    c.header("Location", `/ingest/${lane}/rtp/${ingest.session.id}`);
    return c.json({
      id: ingest.session.id,
      ip: ingest.ip,
      port: ingest.port,
      rtcpPort: ingest.rtcpPort,
      payloadType: ingest.payloadType,
      ssrc: ingest.ssrc,
      codec,
    }, 201);
  });
  app.delete("/ingest/:lane/rtp/:session", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:publish");
    laneSession(c, lane).close("ended by the client");
    return c.body(null, 200);
  });

  const PullBody = z.object({
    url: z.string().min(1).max(2048).refine(
      (u) => /^(rtsps?|rtp|udp|srt|https?|file):\/\//.test(u) || u.startsWith("/"),
      "must be an rtsp://, rtp://, udp://, srt://, http(s)://, file:// URL or a path",
    ),
    codec: z.enum(["VP8", "H264"]).default("VP8"),
  });
  app.put("/ingest/:lane/pull", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:publish");
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new DomainError("bad_json", "The body is not valid JSON");
    }
    const parsed = PullBody.safeParse(json);
    if (!parsed.success) {
      throw new DomainError(
        "bad_request",
        `Invalid "${parsed.error.issues[0].path.join(".")}": ${parsed.error.issues[0].message}`,
      );
    }
    pulls.set(lane, parsed.data);
    return c.body(null, 204);
  });
  app.delete("/ingest/:lane/pull", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:publish");
    pulls.remove(lane);
    return c.body(null, 204);
  });

  app.get("/lanes", async (c) =>
    c.json(
      await Promise.all(
        rooms.all().map(async (r) => ({
          id: r.laneId,
          live: r.live,
          liveSince: r.liveSince,
          viewers: [...r.sessions.values()].filter((s) => s.consumers.size > 0).length,
          worker: r.worker.pid,
          video: await videoHealth(r),
        })),
      ),
    ));
  app.get("/ingest", (c) => c.json(pulls.list()));
  app.get("/health", (c) => {
    const workers = pool.workers.filter((w) => !w.worker.closed).length;
    return c.json(
      { status: workers > 0 ? "ok" : "degraded", workers, lanes: rooms.all().length },
      workers > 0 ? 200 : 503,
    );
  });
  app.get("/metrics", async (c) => {
    c.header("Content-Type", "text/plain; version=0.0.4");
    return c.body(await renderMetrics(pool, rooms));
  });
  app.notFound((c) => problemResponse(problem(404, "not_found", `Cannot find "${c.req.path}"`)));
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
