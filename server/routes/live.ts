/**
 * `GET /api/lanes/{id}/live`: a lane's live updates as Server-Sent Events —
 * `session` (the score sheet, first as it stands, then after every ball,
 * correction, open and close; `null` when no session is open), `market`
 * (a market opened, suspended, settled, or its pools moved) and whatever else
 * is published to the lane (the AI's `shot` events, and its live `ai-event`s:
 * approach, release, pinfall, rack-ready; `replay` when an instant replay
 * starts, server/replays/instant_replays.ts). With `?ticket=` (from
 * `POST /api/live/tickets`) the stream also carries the ticket holder's own
 * `bet` and `wallet` events, the wallet first. `GET /api/me/live?ticket=`
 * carries only the holder's own events (their bets, wallet and upload jobs).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { LIVE_WALLET_EVENT } from "../../core/markets.ts";
import { auth, createApi, createRoute, errors, json, LaneIdParam, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import { standingOf } from "../auth/standing.ts";
import type { AppDeps } from "../context.ts";
import type { LiveEvent } from "../live/hub.ts";
import { streamChannels } from "../live/sse.ts";
import { issueLiveTicket, LIVE_TICKET_TTL_MS, redeemLiveTicket } from "../live/tickets.ts";
import { userChannel } from "../live/user_events.ts";
import { walletOf } from "../markets/publish.ts";
import { findLaneSheet, SESSION_EVENT } from "../sessions/service.ts";
import { findVisibleLane } from "../lanes/find.ts";

const LiveQuery = z.object({
  ticket: z.string().max(100).optional().openapi({
    description:
      "A live ticket (`POST /api/live/tickets`): also stream the holder's `bet` and `wallet`",
  }),
});

const route = createRoute({
  method: "get",
  path: "/lanes/{id}/live",
  tags: ["Sessions"],
  summary: "Live updates of a lane (Server-Sent Events)",
  description:
    "Events: `session` (the score sheet as JSON, or `null`), `market` (a market as `GET /api/lanes/{id}/markets` " +
    "shows it, after each change and as its pools move), `shot` (from the AI), `ai-event` (the AI's " +
    "live `approach`, `release`, `pinfall` and `rack-ready`, with capture and receipt times), `replay` (an instant " +
    "replay starts on `/whep/{lane}/replay`: replayId, fromMs, toMs, speed, durationMs), and any other lane " +
    "event, each with its data as one JSON line. With `?ticket=` also the ticket holder's own `wallet` (first, " +
    "then after each change) and `bet` events; a bad, expired or used ticket is 401 `live_ticket_invalid`. " +
    "A `: heartbeat` comment comes every 15 s.",
  "x-roles": ["public"],
  request: { params: LaneIdParam, query: LiveQuery },
  responses: {
    200: {
      description: "An endless event stream",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errors(401, 404),
  },
});

const MeQuery = z.object({
  ticket: z.string().max(100).openapi({ description: "A live ticket (`POST /api/live/tickets`)" }),
});

const meRoute = createRoute({
  method: "get",
  path: "/me/live",
  tags: ["Sessions"],
  summary: "The caller's own live updates, with no lane (Server-Sent Events)",
  description:
    "Opened with a live ticket (EventSource cannot send headers): the holder's `wallet`, `bet` and " +
    "`analysis` (an uploaded video's job as `GET /api/analyze/{jobId}` shows it, each time it is " +
    "queued, starts, moves on or ends) events. A bad, expired or used ticket is 401 " +
    "`live_ticket_invalid`. A `: heartbeat` comment comes every 15 s.",
  "x-roles": ["public"],
  request: { query: MeQuery },
  responses: {
    200: {
      description: "An endless event stream",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errors(400, 401),
  },
});

const ticketRoute = createRoute({
  method: "post",
  path: "/live/tickets",
  tags: ["Sessions"],
  summary: "A one-time ticket to open a lane's live stream with the caller's own events",
  description: `EventSource cannot send headers: pass the ticket as \`?ticket=\` to ` +
    `\`GET /api/lanes/{id}/live\`. Good for ${LIVE_TICKET_TTL_MS / 1000} s, once.`,
  ...auth(...ROLES),
  responses: {
    201: json(
      z.object({ ticket: z.string(), expiresAt: z.string().openapi({ format: "date-time" }) }),
      "The ticket",
    ),
    ...errors(401),
  },
});

export function liveRoutes(deps: AppDeps): OpenAPIHono {
  return createApi()
    .openapi(route, async (c) => {
      const laneId = (await findVisibleLane(deps.db.sql, c.req.valid("param").id, c.var.user)).id;
      const { ticket } = c.req.valid("query");
      const sheet = await findLaneSheet(deps.db.sql, laneId);
      const userId = ticket === undefined
        ? null
        : await redeemLiveTicket(deps.kv, standingOf(deps), ticket);
      const first: LiveEvent[] = [{ type: SESSION_EVENT, data: sheet }];
      if (userId) {
        first.push({ type: LIVE_WALLET_EVENT, data: await walletOf(deps, deps.db.sql, userId) });
      }
      const channels = userId ? [laneId, userChannel(userId)] : [laneId];
      return streamChannels(c, deps.live, channels, { first });
    })
    .openapi(meRoute, async (c) => {
      const userId = await redeemLiveTicket(deps.kv, standingOf(deps), c.req.valid("query").ticket);
      return streamChannels(c, deps.live, [userChannel(userId)], { first: [] });
    })
    .openapi(ticketRoute, async (c) => {
      return c.json(await issueLiveTicket(deps.kv, currentUser(c.var)), 201);
    });
}
