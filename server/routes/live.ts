/**
 * `GET /api/lanes/{id}/live`: a lane's live updates as Server-Sent Events —
 * `session` (the score sheet, first as it stands, then after every ball,
 * correction, open and close; `null` when no session is open) and whatever
 * else is published to the lane (the AI's `shot` events, and its live `ai-event`s:
 * approach, release, pinfall, rack-ready).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApi, createRoute, errors, LaneIdParam, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { streamLane } from "../live/sse.ts";
import { findLaneSheet, SESSION_EVENT } from "../sessions/service.ts";

const route = createRoute({
  method: "get",
  path: "/lanes/{id}/live",
  tags: ["Sessions"],
  summary: "Live updates of a lane (Server-Sent Events)",
  description:
    "Events: `session` (the score sheet as JSON, or `null`), `shot` (from the AI), `ai-event` (the AI's " +
    "live `approach`, `release`, `pinfall` and `rack-ready`, with capture and receipt times), and any other lane " +
    "event, each with its data as one JSON line. A `: heartbeat` comment comes every 15 s.",
  "x-roles": ["public"],
  request: { params: LaneIdParam },
  responses: {
    200: {
      description: "An endless event stream",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errors(404),
  },
});

export function liveRoutes(deps: AppDeps): OpenAPIHono {
  return createApi().openapi(route, async (c) => {
    const laneId = c.req.valid("param").id;
    const sheet = await findLaneSheet(deps.db.sql, laneId);
    return streamLane(c, deps.live, laneId, { first: [{ type: SESSION_EVENT, data: sheet }] });
  });
}
