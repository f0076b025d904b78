/**
 * Ingest other than WHIP: plain RTP from a local encoder, and cameras the SFU
 * pulls itself (ffmpeg); `GET /ingest` lists the pulled ones. The server's own
 * orders (pull a camera, end a lane's publish epoch) need the server-only
 * right `lane:ingest`, which no camera, person or sidecar holds.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { VerifyKey } from "../../core/lane_token.ts";
import { MAX_CAMERA_URL_LENGTH } from "../../core/camera_url.ts";
import { DomainError } from "../../core/problem.ts";
import { laneParam, requireLaneToken } from "../auth.ts";
import { parseData, readJson } from "../http_util.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import type { PublishEpochs } from "../publish_epochs.ts";
import type { PullIngests } from "../pull_ingest.ts";
import { startRtpIngest } from "../rtp_ingest.ts";
import type { HttpLinks } from "./http_links.ts";

export interface IngestRoutesOptions {
  rooms: LaneRooms;
  pulls: PullIngests;
  links: HttpLinks;
  epochs: PublishEpochs;
  verifyKey: VerifyKey;
  /** This host's id among several SFU hosts: lane tokens naming another host are refused. */
  hostId?: string;
  /** Guards the list of pulled cameras. */
  internal: MiddlewareHandler;
}

/** The URL itself is judged by the camera rules (PullIngests.set), with a clear code. */
const PullBody = z.object({
  url: z.string().min(1).max(MAX_CAMERA_URL_LENGTH),
  codec: z.enum(["VP8", "H264"]).default("VP8"),
});

const EpochBody = z.object({ epoch: z.number().int().min(0) });

export function ingestRoutes(
  { rooms, pulls, links, epochs, verifyKey, hostId, internal }: IngestRoutesOptions,
): Hono {
  const app = new Hono();
  app.post("/ingest/:lane/rtp", async (c) => {
    const lane = laneParam(c);
    const claims = await requireLaneToken(c, verifyKey, lane, "lane:publish", hostId);
    epochs.admit(lane, claims);
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
    epochs.hold(claims, ingest.link);
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
    await requireLaneToken(c, verifyKey, lane, "lane:publish", hostId);
    links.find(lane, "rtp", c.req.param("link")).close("ended by the client");
    return c.body(null, 200);
  });

  app.put("/ingest/:lane/pull", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:ingest", hostId);
    await pulls.set(lane, parseData(PullBody, await readJson(c)));
    return c.body(null, 204);
  });
  app.delete("/ingest/:lane/pull", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:ingest", hostId);
    pulls.remove(lane);
    return c.body(null, 204);
  });
  /** The server ended the lane's publish epoch: drop older publishers, refuse older publish tokens. */
  app.put("/ingest/:lane/publish-epoch", async (c) => {
    const lane = laneParam(c);
    await requireLaneToken(c, verifyKey, lane, "lane:ingest", hostId);
    const { epoch } = parseData(EpochBody, await readJson(c));
    const dropped = epochs.raise(lane, epoch);
    if (dropped) {
      console.log(`lane ${lane}: publish epoch ${epoch}, ${dropped} publisher(s) dropped`);
    }
    return c.json({ epoch: epochs.current(lane), dropped }, 200);
  });
  app.get("/ingest", internal, (c) => c.json(pulls.list()));
  return app;
}
