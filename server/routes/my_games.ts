/**
 * `/api/me/games` and `/api/me/stats`: the games the caller bowled under their
 * account, one game's sheet, and their shot metrics over time. See
 * server/games/service.ts.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { MyGamesPageSchema, MyStatsSchema } from "../../core/my_games.ts";
import { SheetSchema } from "../../core/session_sheet.ts";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import { sheetWithClips } from "../clips/views.ts";
import type { AppDeps } from "../context.ts";
import { getMyGame, listMyGames, myStats, STATS_GAMES } from "../games/service.ts";
import { SessionIdParam } from "../sessions/schemas.ts";

const TAGS = ["My games"];

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  before: z.string().max(64).optional().openapi({
    description: "Only games that began before this game (its `sessionId`; paging)",
  }),
});

const listRoute = createRoute({
  method: "get",
  path: "/me/games",
  tags: TAGS,
  summary: "Games the caller bowled, newest first",
  description: "Every session with a bowler linked to the caller's account (added by staff with " +
    "the account, or checked in): date, lane, their total and the game's page. Paged with `before`.",
  ...auth(...ROLES),
  request: { query: ListQuery },
  responses: { 200: json(MyGamesPageSchema, "A page of games"), ...errors(400, 401) },
});

const getRoute = createRoute({
  method: "get",
  path: "/me/games/{id}",
  tags: TAGS,
  summary: "The sheet of a game the caller bowled",
  description:
    "A session the caller did not bowl in is 404 `unknown_game`, as one that does not exist.",
  ...auth(...ROLES),
  request: { params: SessionIdParam },
  responses: { 200: json(SheetSchema, "The game's sheet"), ...errors(401, 404) },
});

const statsRoute = createRoute({
  method: "get",
  path: "/me/stats",
  tags: TAGS,
  summary: "The caller's shot metrics over time and strike rate by frame",
  description: `Over their last ${STATS_GAMES} games: each ball the AI tracked (speed, board at ` +
    "the arrows, entry angle), oldest first, and how often the first ball of each frame was a strike.",
  ...auth(...ROLES),
  responses: { 200: json(MyStatsSchema, "The caller's numbers"), ...errors(401) },
});

export function myGamesRoutes({ db, clips }: AppDeps): OpenAPIHono {
  return createApi()
    .openapi(listRoute, async (c) => {
      const page = await listMyGames(db.sql, currentUser(c.var).id, c.req.valid("query"));
      return c.json(page, 200);
    })
    .openapi(getRoute, async (c) => {
      const sheet = await getMyGame(db.sql, currentUser(c.var).id, c.req.valid("param").id);
      return c.json(await sheetWithClips(db.sql, clips, sheet), 200);
    })
    .openapi(statsRoute, async (c) => c.json(await myStats(db.sql, currentUser(c.var).id), 200));
}
