/**
 * Bowling sessions: staff open one on a lane and record or correct balls;
 * anyone can read the score sheet. Checking in and removing bowlers are in
 * session_check_in.ts. Sheets are computed from the stored balls every time.
 */
import { sheetWithClips } from "../clips/views.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { standingOf } from "../../core/pins.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, LaneIdParam, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import {
  BallBody,
  BallIdParam,
  BowlerInput,
  CorrectionBody,
  CorrectionSchema,
  ListQuery,
  NewSessionBody,
  SessionIdParam,
} from "../sessions/schemas.ts";
import { SessionSummarySchema, SheetSchema } from "../../core/session_sheet.ts";
import * as sessions from "../sessions/service.ts";
import { findVisibleLane } from "../lanes/find.ts";
import { unknownSession } from "../sessions/common.ts";

const TAGS = ["Sessions"];
const PUBLIC = { "x-roles": ["public"] };
const sheet = (description: string) => json(SheetSchema, description);

const openRoute = createRoute({
  method: "post",
  path: "/lanes/{id}/sessions",
  tags: TAGS,
  summary: "Open a bowling session on a lane",
  description: "1–8 bowlers in bowling order. One open session per lane (409 `session_open`); " +
    "a disabled lane is 409 `lane_disabled`. Audited as `session.open`.",
  ...auth(...STAFF),
  request: { params: LaneIdParam, body: jsonBody(NewSessionBody) },
  responses: { 201: sheet("The new session"), ...errors(400, 401, 403, 404, 409, 413, 415) },
});

const laneSessionRoute = createRoute({
  method: "get",
  path: "/lanes/{id}/session",
  tags: TAGS,
  summary: "The score sheet of the lane's open session",
  ...PUBLIC,
  request: { params: LaneIdParam },
  responses: { 200: sheet("The open session"), ...errors(404) },
});

const listRoute = createRoute({
  method: "get",
  path: "/sessions",
  tags: TAGS,
  summary: "List sessions, newest first",
  ...auth(...STAFF),
  request: { query: ListQuery },
  responses: {
    200: json(z.array(SessionSummarySchema), "Sessions with each bowler's total"),
    ...errors(400, 401, 403),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/sessions/{id}",
  tags: TAGS,
  summary: "A session's score sheet: bowlers, frames, totals, whose turn",
  ...PUBLIC,
  request: { params: SessionIdParam },
  responses: { 200: sheet("The session"), ...errors(404) },
});

const ballRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/balls",
  tags: TAGS,
  summary: "Record a ball",
  description:
    "`pinsStanding` is every pin still standing after the ball. The ball goes to whoever's turn it is; " +
    "naming another bowler is 409 `out_of_turn`, and a pin standing that was down before the ball is 409 " +
    "`impossible_ball` (its `pinsStanding` says what the ball faced). Audited as `session.ball`.",
  ...auth(...STAFF),
  request: { params: SessionIdParam, body: jsonBody(BallBody) },
  responses: { 201: sheet("The new sheet"), ...errors(400, 401, 403, 404, 409, 413, 415) },
});

const correctionRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/balls/{ballId}/correction",
  tags: TAGS,
  summary: "Correct a ball, with a reason",
  description:
    "The original is kept; the correction becomes the ball's current version with a new id. " +
    "A correction that makes a later ball impossible is 409 `impossible_correction` and changes nothing. " +
    "Closed sessions can be corrected too. Audited as `session.correct`.",
  ...auth(...STAFF),
  request: { params: BallIdParam, body: jsonBody(CorrectionBody) },
  responses: { 200: sheet("The re-scored sheet"), ...errors(400, 401, 403, 404, 409, 413, 415) },
});

const historyRoute = createRoute({
  method: "get",
  path: "/sessions/{id}/history",
  tags: TAGS,
  summary: "Every correction of a session, oldest first",
  ...auth(...STAFF),
  request: { params: SessionIdParam },
  responses: {
    200: json(z.array(CorrectionSchema), "Who changed which ball from what to what, when and why"),
    ...errors(401, 403, 404),
  },
});

const bowlerRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/bowlers",
  tags: TAGS,
  summary: "Add a bowler to an open session",
  description: "At most 8 bowlers (409 `session_full`). Audited as `session.bowler_add`.",
  ...auth(...STAFF),
  request: { params: SessionIdParam, body: jsonBody(BowlerInput) },
  responses: {
    201: sheet("The session with the new bowler"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

const closeRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/close",
  tags: TAGS,
  summary: "Close a session",
  description: "409 `session_closed` when it already is. Audited as `session.close`.",
  ...auth(...STAFF),
  request: { params: SessionIdParam },
  responses: { 200: sheet("The closed session"), ...errors(401, 403, 404, 409) },
});

export function sessionRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const actor = (c: Context) => ({ user: currentUser(c.var), requestId: c.get("requestId") });
  return createApi()
    .openapi(openRoute, async (c) => {
      const { bowlers } = c.req.valid("json");
      return c.json(
        await sessions.openSession(sql, deps, c.req.valid("param").id, bowlers, actor(c)),
        201,
      );
    })
    .openapi(
      laneSessionRoute,
      async (c) => {
        const lane = await findVisibleLane(sql, c.req.valid("param").id, c.var.user);
        return c.json(await sessions.getLaneSheet(sql, lane.id), 200);
      },
    )
    .openapi(
      listRoute,
      async (c) => c.json(await sessions.listSessionSummaries(sql, c.req.valid("query")), 200),
    )
    .openapi(
      getRoute,
      async (c) => {
        const sheet = await sessions.getSheet(sql, c.req.valid("param").id);
        // A session on a hidden lane is as unknown to the public as the lane.
        await findVisibleLane(sql, sheet.laneId, c.var.user).catch(() => {
          throw unknownSession(sheet.id);
        });
        return c.json(await sheetWithClips(sql, deps.clips, sheet), 200);
      },
    )
    .openapi(ballRoute, async (c) => {
      const { bowlerId, pinsStanding, foul } = c.req.valid("json");
      const ball = { bowlerId, standing: standingOf(pinsStanding), foul };
      return c.json(
        await sessions.addBall(sql, deps, c.req.valid("param").id, ball, actor(c)),
        201,
      );
    })
    .openapi(correctionRoute, async (c) => {
      const { id, ballId } = c.req.valid("param");
      const { pinsStanding, foul, reason } = c.req.valid("json");
      const change = { standing: standingOf(pinsStanding), foul, reason };
      return c.json(await sessions.correctBall(sql, deps, id, ballId, change, actor(c)), 200);
    })
    .openapi(
      historyRoute,
      async (c) => c.json(await sessions.listHistory(sql, c.req.valid("param").id), 200),
    )
    .openapi(bowlerRoute, async (c) => {
      return c.json(
        await sessions.addBowler(sql, deps, c.req.valid("param").id, c.req.valid("json"), actor(c)),
        201,
      );
    })
    .openapi(
      closeRoute,
      async (c) =>
        c.json(await sessions.closeSession(sql, deps, c.req.valid("param").id, actor(c)), 200),
    );
}
