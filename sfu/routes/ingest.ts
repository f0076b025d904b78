/**
 * Ingest other than WHIP: plain RTP from a local encoder, and cameras the SFU
 * pulls itself (ffmpeg); `GET /ingest` lists the pulled ones.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { VerifyKey } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import { laneParam, requireLaneToken } from "../auth.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import type { PullIngests } from "../pull_ingest.ts";
import { startRtpIngest } from "../rtp_ingest.ts";
import type { HttpLinks } from "./http_links.ts";

export interface IngestRoutesOptions {
  rooms: LaneRooms;
  pulls: PullIngests;
  links: HttpLinks;
  verifyKey: VerifyKey;
  /** Guards the list of pulled cameras. */
  internal: MiddlewareHandler;
}

const PullBody = z.object({
  url: z.string().min(1).max(2048).refine(
    (u) => /^(rtsps?|rtp|udp|srt|https?|file):\/\//.test(u) || u.startsWith("/"),
    "must be an rtsp://, rtp://, udp://, srt://, http(s)://, file:// URL or a path",
  ),
  codec: z.enum(["VP8", "H264"]).default("VP8"),
});

export function ingestRoutes(
  { rooms, pulls, links, verifyKey, internal }: IngestRoutesOptions,
): Hono {
  const app = new Hono();
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
    links.track(ingest.link);
    c.header("Location", `/ingest/${lane}/rtp/${ingest.link.id}`);
    return c.json({
      id: ingest.link.id,
      ip: ingest.ip,
      port: ingest.port,
      rtcpPort: ingest.rtcpPort,
      payloadType: ingest.payloadType,
      ssrc: ingest.ssrc,
      codec,
    }, 201);
  });
  app.delete("/ingest/:lane/rtp/:link", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:publish");
    links.find(lane, "rtp", c.req.param("link")).close("ended by the client");
    return c.body(null, 200);
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
  app.get("/ingest", internal, (c) => c.json(pulls.list()));
  return app;
}
