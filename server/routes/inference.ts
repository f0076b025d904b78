/**
 * Routes for the inference sidecar (inference key): the lanes to watch with
 * their calibration (answered at once, or held until the list changes), a
 * `lane:subscribe-raw` token per lane, and the shots it saw.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { isLaneId, signLaneToken } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import { createApi, createRoute, errors, json, jsonBody, LaneIdParam, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { getLane, listLanes } from "../lanes/repo.ts";
import { recordShot, type ShotOutlets } from "../shots/record.ts";
import { ShotReportSchema, ShotSchema } from "../../core/shot_report.ts";
import { inferenceOnly } from "../shots/service_key.ts";

const WatchLaneSchema = z.object({
  id: z.string(),
  source: z.string(),
  live: z.boolean(),
  calibration: z.record(z.string(), z.unknown()).nullable(),
}).openapi("InferenceLane");

const LaneListSchema = z.object({
  /** Changes whenever a lane appears, goes, or goes live or off the air. */
  version: z.string(),
  lanes: z.array(WatchLaneSchema),
}).openapi("InferenceLaneList");

const ListQuery = z.object({
  since: z.string().max(64).optional().openapi({
    description: "Hold the answer until the version differs from this",
  }),
  waitS: z.coerce.number().int().min(0).max(30).default(0).openapi({
    description: "Longest hold, seconds",
  }),
});

const SubscribeSchema = z.object({
  token: z.string(),
  expiresIn: z.number().int(),
  signalingUrl: z.string(),
}).openapi("InferenceSubscription");

const ShotResultSchema = z.object({ created: z.boolean(), shot: ShotSchema }).openapi("ShotStored");

const POLL_MS = 500;

export function inferenceRoutes(deps: AppDeps, outlets: ShotOutlets = {}): OpenAPIHono {
  const { db, sfu, keys, config } = deps;
  const guard = inferenceOnly(deps.inferenceKey);
  const api = createApi();

  async function snapshot() {
    const [lanes, status] = await Promise.all([listLanes(db.sql), sfu.lanes()]);
    const list = lanes.filter((l) => l.enabled).map((l) => ({
      id: l.id,
      source: l.sourceKind,
      live: status?.get(l.id)?.live ?? false,
      calibration: l.calibration,
    }));
    const version = await digest(JSON.stringify(list));
    return { version, lanes: list };
  }

  api.openapi(
    createRoute({
      method: "get",
      path: "/inference/lanes",
      tags: ["Inference"],
      summary: "Lanes to watch, held until they change when asked",
      ...guard,
      request: { query: ListQuery },
      responses: { 200: json(LaneListSchema, "The lanes"), ...errors(400, 401, 403) },
    }),
    async (c) => {
      const { since, waitS } = c.req.valid("query");
      const deadline = Date.now() + waitS * 1000;
      let snap = await snapshot();
      while (
        since && snap.version === since && Date.now() < deadline && !c.req.raw.signal.aborted
      ) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        snap = await snapshot();
      }
      return c.json(snap, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/inference/lanes/{id}/subscribe",
      tags: ["Inference"],
      summary: "A token to receive a lane's raw video",
      ...guard,
      request: { params: LaneIdParam },
      responses: {
        200: json(SubscribeSchema, "Token and signaling address"),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const lane = await findLane(deps, c.req.valid("param").id);
      // The sidecar watches at the lane's origin host when hosts announce themselves; the
      // token names that host, so no other host takes it (403 token_wrong_host there).
      const origin = await deps.sfuHosts?.originOf(lane.id);
      const token = await signLaneToken(keys.privateKey, {
        lane: lane.id,
        right: "lane:subscribe-raw",
        sub: "inference",
        ...origin ? { host: origin.id } : {},
      }, {
        ttlSeconds: config.LANE_TOKEN_TTL_S,
        kid: keys.kid,
      });
      const ws = (origin?.internalUrl ?? config.SFU_URL).replace(/\/$/, "").replace(/^http/, "ws");
      return c.json({
        token,
        expiresIn: config.LANE_TOKEN_TTL_S,
        signalingUrl: `${ws}/ws/${lane.id}?token=${token}`,
      }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/inference/lanes/{id}/shots",
      tags: ["Inference"],
      summary: "Report a shot (idempotent by its id and content)",
      ...guard,
      request: { params: LaneIdParam, body: jsonBody(ShotReportSchema) },
      responses: {
        201: json(ShotResultSchema, "Stored"),
        200: json(ShotResultSchema, "Already stored under that id, with the same content"),
        ...errors(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => {
      const lane = await findLane(deps, c.req.valid("param").id);
      const result = await recordShot(db.sql, outlets, lane.id, c.req.valid("json"));
      return c.json(result, result.created ? 201 : 200);
    },
  );

  return api;
}

async function findLane({ db }: AppDeps, id: string) {
  const lane = isLaneId(id) ? await getLane(db.sql, id) : null;
  if (!lane) throw new DomainError("unknown_lane", `Cannot find lane "${id.slice(0, 64)}"`);
  return lane;
}

async function digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(hash).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
