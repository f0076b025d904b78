/**
 * Open play (server/sessions/open_play.ts): staff turn the lane's automatic
 * open-play game into a named session. Closing it is the sessions' close.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { SheetSchema } from "../../core/session_sheet.ts";
import { auth, createApi, createRoute, errors, json, jsonBody } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { claimOpenPlay } from "../sessions/open_play.ts";
import { NewSessionBody, SessionIdParam } from "../sessions/schemas.ts";

const ClaimBody = NewSessionBody.openapi("ClaimOpenPlay");

const claimRoute = createRoute({
  method: "post",
  path: "/sessions/{id}/claim",
  tags: ["Sessions"],
  summary: "Turn an open-play game into a named session",
  description:
    "The bowlers given (1–8, in bowling order) replace the open-play bowler's name in order, keeping " +
    "the balls bowled so far; the rest join after. The sheet's `openPlay` becomes false and the server " +
    "no longer replaces the game. 409 `not_open_play` for a session staff or a check-in opened, " +
    "`session_closed` for a closed one. Audited as `session.claim`.",
  ...auth(...STAFF),
  request: { params: SessionIdParam, body: jsonBody(ClaimBody) },
  responses: {
    200: json(SheetSchema, "The named session"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

export function openPlayRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  return createApi().openapi(claimRoute, async (c) => {
    const actor = { user: currentUser(c.var), requestId: c.get("requestId") };
    const { bowlers } = c.req.valid("json");
    return c.json(await claimOpenPlay(sql, deps, c.req.valid("param").id, bowlers, actor), 200);
  });
}
