/**
 * Lanes for spectators and cameras: the live list, a viewer token for any
 * public lane (no login), and a publisher token for a camera that presents
 * the camera key.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { timingSafeEqual } from "node:crypto";
import { signLaneToken } from "../../core/lane_token.ts";
import { HttpError } from "../../core/problem.ts";
import type { AppDeps } from "../context.ts";
import { getLane, type Lane, listLanes } from "../lanes/repo.ts";

export function laneRoutes(deps: AppDeps): Hono {
  const { db, sfu, keys, config } = deps;
  const app = new Hono();

  app.get("/lanes", async (c) => {
    const [lanes, status] = await Promise.all([listLanes(db.sql), sfu.lanes()]);
    return c.json(lanes.filter((l) => l.enabled).map((l) => ({
      id: l.id,
      name: l.name,
      live: status?.get(l.id)?.live ?? false,
      viewers: status?.get(l.id)?.viewers ?? 0,
      source: l.sourceKind,
    })));
  });

  app.post("/lanes/:id/watch", async (c) => {
    const lane = await findLane(deps, c.req.param("id"));
    const token = await signLaneToken(keys.privateKey, { lane: lane.id, right: "lane:view", sub: "spectator" }, {
      ttlSeconds: config.LANE_TOKEN_TTL_S,
      kid: keys.kid,
    });
    const base = sfuPublicUrl(c, config.SFU_PUBLIC_URL, config.SFU_URL);
    return c.json({
      token,
      expiresIn: config.LANE_TOKEN_TTL_S,
      whepUrl: `${base}/whep/${lane.id}`,
      signalingUrl: `${base.replace(/^http/, "ws")}/ws/${lane.id}?token=${token}`,
    });
  });

  app.post("/lanes/:id/publish", async (c) => {
    requireCameraKey(c, deps.cameraKey);
    const lane = await findLane(deps, c.req.param("id"));
    const token = await signLaneToken(keys.privateKey, { lane: lane.id, right: "lane:publish", sub: "camera" }, {
      ttlSeconds: config.LANE_TOKEN_TTL_S,
      kid: keys.kid,
    });
    const base = sfuPublicUrl(c, config.SFU_PUBLIC_URL, config.SFU_URL);
    return c.json({
      token,
      expiresIn: config.LANE_TOKEN_TTL_S,
      whipUrl: `${base}/whip/${lane.id}`,
      signalingUrl: `${base.replace(/^http/, "ws")}/ws/${lane.id}?token=${token}`,
    });
  });

  return app;
}

async function findLane({ db }: AppDeps, id: string): Promise<Lane> {
  const lane = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await getLane(db.sql, id) : null;
  if (!lane) throw new HttpError(404, "unknown_lane", `Cannot find lane "${id.slice(0, 64)}"`);
  if (!lane.enabled) throw new HttpError(409, "lane_disabled", `Lane "${id}" is disabled`);
  return lane;
}

function requireCameraKey(c: Context, cameraKey: string): void {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!m) throw new HttpError(401, "camera_key_required", 'Publishing needs "Authorization: Bearer <camera key>"');
  const given = new TextEncoder().encode(m[1]);
  const want = new TextEncoder().encode(cameraKey);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new HttpError(403, "camera_key_wrong", "The camera key is not valid");
  }
}

/** The SFU's address as the caller's browser reaches it. */
function sfuPublicUrl(c: Context, configured: string | undefined, internal: string): string {
  if (configured) return configured.replace(/\/$/, "");
  const sfuPort = new URL(internal).port || "8001";
  const host = new URL(c.req.url).hostname;
  const proto = c.req.header("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}:${sfuPort}`;
}
