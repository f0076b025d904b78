/**
 * The lanes' replay buffers for the server (service key): what a lane's
 * buffer holds (`GET /lanes/{lane}/buffer`), a clip of a window
 * (`POST /lanes/{lane}/clips`, bytes remuxed without re-encoding) and an
 * instant replay of a window into the lane's router (`POST /lanes/{lane}/replays`).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { laneParam } from "../auth.ts";
import { parseData, readJson } from "../http_util.ts";
import { cutClip } from "../replay/clip_cut.ts";
import type { LaneReplays } from "../replay/lane_replays.ts";

const TimeMs = z.number().int().min(0).max(2 ** 48);
const ClipBody = z.object({ fromMs: TimeMs, toMs: TimeMs });
const ReplayBody = ClipBody.extend({
  shotId: z.string().min(1).max(100),
  speed: z.union([z.literal(1), z.literal(0.5)]).default(1),
});

export interface ReplayRoutesOptions {
  replays: LaneReplays;
  internal: MiddlewareHandler;
}

export function replayRoutes({ replays, internal }: ReplayRoutesOptions): Hono {
  const app = new Hono();
  app.get("/lanes/:lane/buffer", internal, async (c) => {
    const buffer = await replays.get(laneParam(c));
    return c.json(buffer.ring.window());
  });
  app.post("/lanes/:lane/clips", internal, async (c) => {
    const lane = laneParam(c);
    const { fromMs, toMs } = parseData(ClipBody, await readJson(c));
    replays.checkWindow(fromMs, toMs);
    const buffer = await replays.get(lane);
    const clip = await cutClip(replays.options.ffmpeg, buffer.ring.cut(fromMs, toMs));
    c.header("content-type", clip.contentType);
    c.header("x-clip-duration-ms", String(clip.durationMs));
    c.header("x-clip-from-ms", String(clip.fromMs));
    c.header("x-clip-to-ms", String(clip.toMs));
    return c.body(clip.bytes as Uint8Array<ArrayBuffer>, 200);
  });
  app.post("/lanes/:lane/replays", internal, async (c) => {
    const lane = laneParam(c);
    const body = parseData(ReplayBody, await readJson(c));
    replays.checkWindow(body.fromMs, body.toMs);
    const buffer = await replays.get(lane);
    const { replayId, fromMs, toMs } = await buffer.player.play(body);
    return c.json({ replayId, fromMs, toMs }, 202);
  });
  return app;
}
