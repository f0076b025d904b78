/**
 * Clip routes: a shot's clip (public, like the shot list: fresh signed URLs
 * each time), and for staff: keep a shot's clip past retention, cut a custom
 * clip from a lane's replay buffer, list highlights (kept and custom clips).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HighlightSchema, ShotClipSchema } from "../../core/clips.ts";
import { DomainError } from "../../core/errors.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, LaneIdParam, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import { getClipOfShot, listHighlights } from "../clips/repo.ts";
import type { Clips } from "../clips/service.ts";
import { cutCustomClip, keepShotClip, unknownShot } from "../clips/staff.ts";
import { highlightOf } from "../clips/views.ts";
import type { AppDeps } from "../context.ts";
import { hiddenFrom, laneIdOr404 } from "../lanes/find.ts";
import { getShot } from "../shots/repo.ts";

const TAGS = ["Clips"];
const MAX_TIME_MS = 2 ** 48;

const ShotIdParam = z.object({
  shotId: z.string().min(1).max(64).openapi({ param: { name: "shotId", in: "path" } }),
});

const getClipRoute = createRoute({
  method: "get",
  path: "/shots/{shotId}/clip",
  tags: TAGS,
  summary: "A shot's clip: state, signed video and poster URLs that expire, duration",
  "x-roles": ["public"],
  request: { params: ShotIdParam },
  responses: { 200: json(ShotClipSchema, "The clip"), ...errors(404) },
});

const keepRoute = createRoute({
  method: "post",
  path: "/staff/shots/{shotId}/clip/keep",
  tags: TAGS,
  summary: "Keep a shot's clip past retention (disputes, highlights), or let it go",
  description: "Audited as `clip.keep` / `clip.unkeep`.",
  ...auth(...STAFF),
  request: {
    params: ShotIdParam,
    body: jsonBody(z.strictObject({ kept: z.boolean() })),
  },
  responses: { 200: json(ShotClipSchema, "The clip"), ...errors(400, 401, 403, 404, 413, 415) },
});

const CustomClipBody = z.strictObject({
  fromMs: z.number().int().min(0).max(MAX_TIME_MS).openapi({
    description: "Capture time, epoch ms",
  }),
  toMs: z.number().int().min(0).max(MAX_TIME_MS),
  label: z.string().trim().min(1).max(200).optional(),
});

const customRoute = createRoute({
  method: "post",
  path: "/staff/lanes/{id}/clips",
  tags: TAGS,
  summary: "Cut a custom clip of a window still in the lane's replay buffer",
  description:
    "The clip is cut in the background (`clip.state` pending, then ready or failed). A window " +
    "that ends before it starts is 400 `invalid_clip_window`, one too long 400 `clip_too_long`, " +
    "one the buffer does not hold 409 `replay_window_gone`. Audited as `clip.cut`.",
  ...auth(...STAFF),
  request: { params: LaneIdParam, body: jsonBody(CustomClipBody) },
  responses: {
    202: json(HighlightSchema, "The clip, queued"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

const highlightsRoute = createRoute({
  method: "get",
  path: "/staff/highlights",
  tags: TAGS,
  summary: "Kept shot clips and custom clips, newest first",
  ...auth(...STAFF),
  request: {
    query: z.object({
      laneId: z.string().min(1).max(64).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: json(z.array(HighlightSchema), "The highlights"), ...errors(400, 401, 403) },
});

function clipsOf(deps: AppDeps): Clips {
  if (!deps.clips) throw new DomainError("unavailable", "Clips are not set up on this server");
  return deps.clips;
}

export function clipRoutes(deps: AppDeps): OpenAPIHono {
  const { sql } = deps.db;
  const actor = (c: Context) => ({ user: currentUser(c.var), requestId: c.get("requestId") });
  return createApi()
    .openapi(getClipRoute, async (c) => {
      const { shotId } = c.req.valid("param");
      const shot = await getShot(sql, shotId);
      // A hidden lane's shot is as unknown to the public as the lane.
      if (!shot || await hiddenFrom(sql, shot.laneId, c.var.user)) throw unknownShot(shotId);
      return c.json(await clipsOf(deps).view(await getClipOfShot(sql, shot.id)), 200);
    })
    .openapi(keepRoute, async (c) => {
      const clip = await keepShotClip(
        sql,
        clipsOf(deps),
        c.req.valid("param").shotId,
        c.req.valid("json").kept,
        actor(c),
      );
      return c.json(await clipsOf(deps).view(clip), 200);
    })
    .openapi(customRoute, async (c) => {
      const clips = clipsOf(deps);
      const lane = laneIdOr404(c.req.valid("param").id);
      const clip = await cutCustomClip(
        { sql, sfu: deps.sfu, clips },
        lane,
        c.req.valid("json"),
        actor(c),
      );
      return c.json(await highlightOf(clips, clip), 202);
    })
    .openapi(highlightsRoute, async (c) => {
      const clips = clipsOf(deps);
      const rows = await listHighlights(sql, c.req.valid("query"));
      return c.json(await Promise.all(rows.map((r) => highlightOf(clips, r))), 200);
    });
}
