/**
 * Markets on the wire: anyone reads a lane's markets (open and suspended
 * ones, then its last few settled) and one market; staff list them for the
 * console and suspend or void one by hand (audited).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { MARKET_STATES, MarketSchema } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, LaneIdParam, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { publishBets, publishMarkets } from "../markets/publish.ts";
import { getMarket, getMarketTerms, laneMarkets, listMarkets } from "../markets/repo.ts";
import { resolveMarket } from "../markets/disputes.ts";
import { settleDeps } from "../outbox/topics.ts";
import { staffSuspend, staffVoid } from "../markets/staff_actions.ts";
import { findVisibleLane, seesHiddenLanes } from "../lanes/find.ts";
import { getLane } from "../lanes/repo.ts";

const TAGS = ["Markets"];
const PUBLIC = { "x-roles": ["public"] };
const MarketBody = z.object({ market: MarketSchema });
const MarketIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});
const StaffQuery = z.object({
  laneId: z.string().min(1).max(64).optional(),
  state: z.enum(MARKET_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.uuid().optional().openapi({ description: "Only markets opened before this one" }),
});
const VoidBody = z.strictObject({ reason: z.string().trim().min(3).max(500) });

const laneRoute = createRoute({
  method: "get",
  path: "/lanes/{id}/markets",
  tags: TAGS,
  summary: "A lane's markets: open and suspended ones, then the last few settled",
  description:
    "Each with its outcomes (pool, indicative odds, fair probability from the bowler's " +
    "history) and the ball it is on. Live changes arrive on `GET /api/lanes/{id}/live` as `market` events.",
  ...PUBLIC,
  request: { params: LaneIdParam },
  responses: {
    200: json(z.object({ markets: z.array(MarketSchema) }), "The markets"),
    ...errors(404),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/markets/{id}",
  tags: TAGS,
  summary: "One market",
  ...PUBLIC,
  request: { params: MarketIdParam },
  responses: { 200: json(MarketBody, "The market"), ...errors(404) },
});

const listRoute = createRoute({
  method: "get",
  path: "/markets",
  tags: TAGS,
  summary: "Markets for the console, newest first",
  ...auth(...STAFF),
  request: { query: StaffQuery },
  responses: {
    200: json(
      z.object({ markets: z.array(MarketSchema), next: z.string().nullable() }),
      "The markets",
    ),
    ...errors(400, 401, 403),
  },
});

const suspendRoute = createRoute({
  method: "post",
  path: "/markets/{id}/suspend",
  tags: TAGS,
  summary: "Suspend an open market by hand",
  description:
    "Open → suspended (version + 1); 409 `market_state` otherwise. Audited as `market.suspend`. " +
    "The ball's approach still moves the past-posting cutoff earlier when it arrives.",
  ...auth(...STAFF),
  request: { params: MarketIdParam },
  responses: { 200: json(MarketBody, "The suspended market"), ...errors(401, 403, 404, 409) },
});

const voidRoute = createRoute({
  method: "post",
  path: "/markets/{id}/void",
  tags: TAGS,
  summary: "Void a market and return every stake",
  description: "Open or suspended → void (version + 1); each open bet is voided and its stake " +
    "returned. A determined or disputed market's void reverses its settlement with new transfers " +
    "(as `POST /api/markets/{id}/resolve` with `void`, audited as `market.resolve`); a finalized or " +
    "void one is 409 `market_state`. Audited as `market.void`.",
  ...auth(...STAFF),
  request: { params: MarketIdParam, body: jsonBody(VoidBody) },
  responses: {
    200: json(MarketBody, "The void market"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

const unknownMarket = (id: string) =>
  new DomainError("unknown_market", `Cannot find market "${id}"`);

async function marketOrThrow(deps: AppDeps, id: string) {
  const market = await getMarket(deps.db.sql, id);
  if (!market) throw unknownMarket(id);
  return market;
}

export function marketRoutes(deps: AppDeps): OpenAPIHono {
  const actor = (c: { var: object; get(k: "requestId"): string }) => ({
    user: currentUser(c.var),
    requestId: c.get("requestId"),
  });
  return createApi()
    .openapi(laneRoute, async (c) => {
      const laneId = c.req.valid("param").id;
      await findVisibleLane(deps.db.sql, laneId, c.var.user);
      return c.json({ markets: await laneMarkets(deps.db.sql, laneId) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const id = c.req.valid("param").id;
      const market = await marketOrThrow(deps, id);
      // A hidden lane's market is not found but for staff, as the lane itself.
      if (!seesHiddenLanes(c.var.user) && (await getLane(deps.db.sql, market.laneId))?.hidden) {
        throw unknownMarket(id);
      }
      return c.json({ market }, 200);
    })
    .openapi(listRoute, async (c) => {
      const q = c.req.valid("query");
      const markets = await listMarkets(deps.db.sql, {
        laneId: q.laneId,
        states: q.state ? [q.state] : undefined,
        before: q.before,
        limit: q.limit,
      });
      const next = markets.length === q.limit ? markets[markets.length - 1].id : null;
      return c.json({ markets, next }, 200);
    })
    .openapi(suspendRoute, async (c) => {
      const id = c.req.valid("param").id;
      await staffSuspend(deps, id, actor(c));
      await publishMarkets(deps, [id]);
      return c.json({ market: await marketOrThrow(deps, id) }, 200);
    })
    .openapi(voidRoute, async (c) => {
      const id = c.req.valid("param").id;
      const { reason } = c.req.valid("json");
      const state = (await getMarketTerms(deps.db.sql, id))?.state;
      if (state === "determined" || state === "disputed" || state === "finalized") {
        // Paid out already: settlement reverses it (and says no to a finalized one).
        await resolveMarket(deps.db.sql, settleDeps(deps), id, { void: true, reason }, actor(c));
      } else {
        const bets = await staffVoid(deps, id, reason, actor(c));
        await publishMarkets(deps, [id]);
        await publishBets(deps, bets);
      }
      return c.json({ market: await marketOrThrow(deps, id) }, 200);
    });
}
