/**
 * Lanes for spectators and cameras: the live list, a viewer token for any
 * public lane (no login), and a publisher token for a camera that presents
 * the camera key.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { timingSafeEqual } from "node:crypto";
import { signLaneToken } from "../../core/lane_token.ts";
import { isLaneId } from "../../core/lane_token.ts";
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

  /** A lane token for `right` and the SFU addresses to use it at. */
  async function grant(c: Context, right: "lane:view" | "lane:publish", sub: string) {
    const lane = await findLane(deps, c.req.param("id") ?? "");
    const token = await signLaneToken(keys.privateKey, { lane: lane.id, right, sub }, {
      ttlSeconds: config.LANE_TOKEN_TTL_S,
      kid: keys.kid,
    });
    const base = sfuPublicUrl(c, config.SFU_PUBLIC_URL, config.SFU_URL);
    return {
      token,
      expiresIn: config.LANE_TOKEN_TTL_S,
      ...(right === "lane:view" ? { whepUrl: `${base}/whep/${lane.id}` } : { whipUrl: `${base}/whip/${lane.id}` }),
      signalingUrl: `${base.replace(/^http/, "ws")}/ws/${lane.id}?token=${token}`,
    };
  }

  app.post("/lanes/:id/watch", async (c) => c.json(await grant(c, "lane:view", "spectator")));
  app.post("/lanes/:id/publish", async (c) => {
    requireCameraKey(c, deps.cameraKey);
    return c.json(await grant(c, "lane:publish", "camera"));
  });

  return app;
}

async function findLane({ db }: AppDeps, id: string): Promise<Lane> {
  const lane = isLaneId(id) ? await getLane(db.sql, id) : null;
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
