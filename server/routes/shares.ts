/**
 * Share links of a shot's clip: make one (with its QR code), read one
 * (public), and staff revoke one. See server/shares/.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { clipsOf } from "../shares/clip_source.ts";
import { listShotShares } from "../shares/repo.ts";
import { createShare, revoke, sharedClip } from "../shares/service.ts";
import { isShareToken, sharePath } from "../shares/tokens.ts";

const TAGS = ["Sharing"];

export const ShotIdParam = z.object({
  shotId: z.string().min(1).max(64).openapi({ param: { name: "shotId", in: "path" } }),
});
const TokenParam = z.object({
  token: z.string().min(1).max(64).openapi({ param: { name: "token", in: "path" } }),
});

const NewShareSchema = z.object({
  id: z.string(),
  token: z.string().openapi({ description: "The link's secret; only its hash is stored" }),
  url: z.string().openapi({ description: "The public page that plays the clip, `/s/{token}`" }),
  qrSvg: z.string().openapi({ description: "A QR code of `url`, as SVG" }),
}).openapi("NewShare");

const ClipSchema = z.object({
  state: z.enum(["pending", "ready", "failed", "expired"]),
  url: z.string().nullable(),
  posterUrl: z.string().nullable(),
  durationMs: z.number().nullable(),
  kept: z.boolean(),
});

const SharedClipSchema = z.object({
  shotId: z.string(),
  laneId: z.string(),
  clip: ClipSchema,
}).openapi("SharedClip");

const ShareRowSchema = z.object({
  id: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
}).openapi("ShareRow");

const createRouteDef = createRoute({
  method: "post",
  path: "/shots/{shotId}/shares",
  tags: TAGS,
  summary: "Make a share link of a shot's clip, with its QR code",
  description: "For the shot's bowler, whoever opened its session, and staff; others get 403 " +
    "`shot_not_yours`, an unknown shot 404 `unknown_shot`. Each call makes a new link.",
  ...auth(...ROLES),
  request: { params: ShotIdParam },
  responses: { 201: json(NewShareSchema, "The new link"), ...errors(401, 403, 404) },
});

const readRoute = createRoute({
  method: "get",
  path: "/shares/{token}",
  tags: TAGS,
  summary: "What a share link plays (public)",
  description:
    "The clip's `url` and `posterUrl` are the share's own addresses (`/s/{token}/clip`, " +
    "`/s/{token}/poster`), which redirect to freshly signed store URLs while the link lives. " +
    "404 `unknown_share`, 410 `share_revoked`.",
  "x-roles": ["public"],
  request: { params: TokenParam },
  responses: { 200: json(SharedClipSchema, "The shared clip"), ...errors(404, 410) },
});

const listRoute = createRoute({
  method: "get",
  path: "/staff/shots/{shotId}/shares",
  tags: TAGS,
  summary: "A shot's share links (staff)",
  ...auth(...STAFF),
  request: { params: ShotIdParam },
  responses: { 200: json(z.array(ShareRowSchema), "Newest first"), ...errors(401, 403) },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/staff/shares/{token}",
  tags: TAGS,
  summary: "Revoke a share link (staff)",
  description:
    "`{token}` is the link's token or the share's `id`. Afterwards the page, `/api/shares/{token}` " +
    "and the share's media addresses answer 410 `share_revoked`. Audited as `share.revoke`.",
  ...auth(...STAFF),
  request: { params: TokenParam },
  responses: { 200: json(ShareRowSchema, "The revoked share"), ...errors(401, 403, 404) },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The site's address as people reach it. */
export const siteOf = (c: Context, publicUrl?: string) => publicUrl ?? new URL(c.req.url).origin;

/** A shared clip with its media behind the share's own addresses. */
export function viaShare<T extends { clip: { url: string | null; posterUrl: string | null } }>(
  shared: T,
  token: string,
): T {
  const path = sharePath(token);
  return {
    ...shared,
    clip: {
      ...shared.clip,
      url: shared.clip.url && `${path}/clip`,
      posterUrl: shared.clip.posterUrl && `${path}/poster`,
    },
  };
}

const row = (
  s: { id: string; createdBy: string | null; createdAt: Date; revokedAt: Date | null },
) => ({
  id: s.id,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
  revokedAt: s.revokedAt?.toISOString() ?? null,
});

export function shareRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const clips = clipsOf(deps);
  return createApi()
    .openapi(createRouteDef, async (c) => {
      const share = await createShare(
        sql,
        currentUser(c.var),
        c.req.valid("param").shotId,
        siteOf(c, deps.config.PUBLIC_URL),
      );
      return c.json(share, 201);
    })
    .openapi(readRoute, async (c) => {
      const { token } = c.req.valid("param");
      c.header("cache-control", "no-store");
      return c.json(viaShare(await sharedClip(sql, clips, token), token), 200);
    })
    .openapi(listRoute, async (c) => {
      return c.json((await listShotShares(sql, c.req.valid("param").shotId)).map(row), 200);
    })
    .openapi(revokeRoute, async (c) => {
      const { token } = c.req.valid("param");
      const ref = UUID.test(token)
        ? { id: token.toLowerCase() }
        : isShareToken(token)
        ? { token }
        : null;
      if (!ref) throw new DomainError("unknown_share", "Cannot find this share link");
      const share = await revoke(sql, ref, {
        user: currentUser(c.var),
        requestId: c.get("requestId"),
      });
      return c.json(row(share), 200);
    });
}
