/**
 * Who joins a session: a signed-in user checks in with the session's code
 * (the lane's QR code), staff read and rotate that code, and staff remove a
 * bowler. See server/sessions/check_in.ts and remove_bowler.ts.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { checkInPath } from "../../core/check_in.ts";
import { CheckInCodeSchema } from "../../core/check_in_schema.ts";
import { SheetSchema } from "../../core/session_sheet.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, LaneIdParam, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { siteLink } from "../lanes/qr.ts";
import {
  checkIn,
  getCheckInCode,
  rotateCheckInCode,
  type SessionCode,
} from "../sessions/check_in.ts";
import { checkInCodesFor, MAX_CODE_LENGTH } from "../sessions/check_in_code.ts";
import { removeBowler } from "../sessions/remove_bowler.ts";
import { ReasonText, SessionIdParam } from "../sessions/schemas.ts";

const TAGS = ["Sessions"];

const CheckInBody = z.strictObject({
  code: z.string().min(1).max(MAX_CODE_LENGTH).openapi({
    description: "The session's check-in code, from the `code` of the URL the lane's QR code opens",
  }),
}).openapi("CheckIn");

const RemoveBowlerBody = z.strictObject({ reason: ReasonText }).openapi("RemoveBowler");

const BowlerIdParam = SessionIdParam.extend({
  bowlerId: z.string().min(1).max(64).openapi({ param: { name: "bowlerId", in: "path" } }),
});

const checkInRoute = createRoute({
  method: "post",
  path: "/lanes/{id}/check-in",
  tags: TAGS,
  summary: "Join the lane's open session as a bowler, with its check-in code",
  description:
    "The lane's QR code (shown by staff while a session is open) opens `/lanes/{id}/check-in?code=…` " +
    "in the web app, which sends the code here. Adds the caller under their display name. Refused: " +
    "400 `check_in_code_required`, 403 `check_in_code_invalid` (another lane's or session's, or " +
    "rotated) or `check_in_code_expired`, 409 `no_session`, `already_bowling` or `session_full`. " +
    "Audited as `session.check_in`.",
  ...auth(...ROLES),
  request: {
    params: LaneIdParam,
    body: { required: false, content: { "application/json": { schema: CheckInBody } } },
  },
  responses: {
    200: json(SheetSchema, "The session with the caller in it"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

const codeAnswer = json(CheckInCodeSchema, "The code, the check-in address and its QR code");

const getCodeRoute = createRoute({
  method: "get",
  path: "/sessions/{id}/check-in-code",
  tags: TAGS,
  summary: "The open session's check-in code, good for CHECK_IN_CODE_TTL_S from now",
  description: "Every call gives a code with a fresh expiry; all stay good until they expire or " +
    "the code is rotated. 409 `session_closed` once the session is closed.",
  ...auth(...STAFF),
  request: { params: SessionIdParam },
  responses: { 200: codeAnswer, ...errors(401, 403, 404, 409) },
});

const rotateCodeRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/check-in-code",
  tags: TAGS,
  summary: "Rotate the session's check-in code: every code handed out so far stops working",
  description: "Audited as `session.check_in_rotate`.",
  ...auth(...STAFF),
  request: { params: SessionIdParam },
  responses: { 200: codeAnswer, ...errors(401, 403, 404, 409) },
});

const removeRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/bowlers/{bowlerId}/remove",
  tags: TAGS,
  summary: "Remove a bowler from an open session, with a reason",
  description:
    "The bowler stays on the sheet (`removed`) with the balls they bowled and never gets a turn " +
    "again; the same account cannot check in to the session again. 409 `bowler_removed` when " +
    "already removed, `session_closed` when closed. Audited as `session.bowler_remove`.",
  ...auth(...STAFF),
  request: { params: BowlerIdParam, body: jsonBody(RemoveBowlerBody) },
  responses: {
    200: json(SheetSchema, "The sheet without the bowler's turns"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

export function sessionCheckInRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const codeDeps = { live: deps.live, codes: checkInCodesFor(deps) };
  const actor = (c: Context) => ({ user: currentUser(c.var), requestId: c.get("requestId") });
  const answer = (c: Context, s: SessionCode) => {
    const site = deps.config.PUBLIC_URL ?? new URL(c.req.url).origin;
    return {
      sessionId: s.sessionId,
      laneId: s.laneId,
      code: s.code,
      url: siteLink(site, checkInPath(s.laneId, s.code)),
      qrUrl: `/api/lanes/${encodeURIComponent(s.laneId)}/qr?code=${encodeURIComponent(s.code)}`,
      expiresAt: s.expiresAt.toISOString(),
      expiresIn: Math.max(0, Math.round((s.expiresAt.getTime() - Date.now()) / 1000)),
    };
  };
  return createApi()
    .openapi(checkInRoute, async (c) => {
      const { code } = (c.req.valid("json") ?? {}) as { code?: string };
      return c.json(
        await checkIn(sql, codeDeps, c.req.valid("param").id, code, actor(c)),
        200,
      );
    })
    .openapi(getCodeRoute, async (c) => {
      c.header("cache-control", "no-store");
      return c.json(answer(c, await getCheckInCode(sql, codeDeps, c.req.valid("param").id)), 200);
    })
    .openapi(rotateCodeRoute, async (c) => {
      c.header("cache-control", "no-store");
      const code = await rotateCheckInCode(sql, codeDeps, c.req.valid("param").id, actor(c));
      return c.json(answer(c, code), 200);
    })
    .openapi(removeRoute, async (c) => {
      const { id, bowlerId } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      return c.json(await removeBowler(sql, deps, id, bowlerId, reason, actor(c)), 200);
    });
}
