/**
 * Staff settle what the AI could not: the review queue of doubtful shots and
 * the markets waiting on them (confirm, override, void), and disputes of a
 * determined market before it is final (dispute, resolve).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { getSheet, publishSheet } from "../sessions/service.ts";
import { disputeMarket, DisputeSchema, resolveMarket, ResolveSchema } from "../markets/disputes.ts";
import { getMarket } from "../markets/repo.ts";
import { listReviews, ReviewActionSchema, ReviewSchema, reviewShot } from "../markets/review.ts";
import { settleDeps } from "../outbox/topics.ts";
import { MarketSchema } from "../../core/markets.ts";

const TAGS = ["Markets"];

const ShotIdParam = z.object({
  shotId: z.string().min(1).max(64).openapi({ param: { name: "shotId", in: "path" } }),
});
const MarketIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});

const listRoute = createRoute({
  method: "get",
  path: "/markets/reviews",
  tags: TAGS,
  summary: "Shots waiting for staff, oldest first, with the markets waiting on them",
  description: "The AI's proposed result, its confidences, model versions, the ball's path and " +
    "pin probabilities, and each waiting market.",
  ...auth(...STAFF),
  responses: {
    200: json(z.object({ reviews: z.array(ReviewSchema) }), "The queue"),
    ...errors(401, 403),
  },
});

const decideRoute = createRoute({
  method: "post",
  path: "/markets/reviews/{shotId}",
  tags: TAGS,
  summary: "Confirm, override or void a shot in review",
  description: "`confirm` records the AI's read as the ball, `override` records `standing` " +
    "(bit i = pin i + 1 standing) and `foul` with a reason; both are audited staff balls that " +
    "settle the markets at once. `void` voids the waiting markets and refunds every stake. " +
    "Unknown shot 404 `unknown_shot`; a shot not waiting 409 `shot_not_in_review`; no ball " +
    "to record on the lane now 409 `no_turn`. Audited as `market.review`.",
  ...auth(...STAFF),
  request: { params: ShotIdParam, body: jsonBody(ReviewActionSchema) },
  responses: {
    200: json(z.object({ markets: z.array(MarketSchema) }), "The markets as they stand now"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

const disputeRoute = createRoute({
  method: "post",
  path: "/markets/{id}/dispute",
  tags: TAGS,
  summary: "Hold a determined market back from finalizing",
  description: "determined → disputed (409 `market_state` otherwise). Audited as `market.dispute`.",
  ...auth(...STAFF),
  request: { params: MarketIdParam, body: jsonBody(DisputeSchema) },
  responses: { 200: json(MarketSchema, "The market"), ...errors(400, 401, 403, 404, 409) },
});

const resolveRoute = createRoute({
  method: "post",
  path: "/markets/{id}/resolve",
  tags: TAGS,
  summary: "Resolve a dispute with a result, or void a settled market",
  description: "`{ result, reason }` on a disputed market: the same result stands, another one " +
    "reverses the settlement with new transfers and pays again. `{ void: true, reason }` on a " +
    "determined or disputed market reverses the settlement and refunds every stake (winners' " +
    "payouts come back from their wallets as far as they go, the house covers the rest). " +
    "Audited as `market.resolve`.",
  ...auth(...STAFF),
  request: { params: MarketIdParam, body: jsonBody(ResolveSchema) },
  responses: { 200: json(MarketSchema, "The market"), ...errors(400, 401, 403, 404, 409) },
});

export function marketReviewRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const settle = { ...settleDeps(deps), outbox: deps.outbox };
  const actor = (c: Context) => ({ user: currentUser(c.var), requestId: c.get("requestId") });
  const market = async (id: string) => (await getMarket(sql, id))!;
  /** A dispute or resolution makes its ball's score provisional or final: the sheet goes out again. */
  const republish = async (m: { ball: { sessionId: string } }) =>
    publishSheet(deps, await getSheet(sql, m.ball.sessionId));
  return createApi()
    .openapi(listRoute, async (c) => c.json({ reviews: await listReviews(sql) }, 200))
    .openapi(decideRoute, async (c) => {
      const { shotId } = c.req.valid("param");
      await reviewShot(sql, settle, shotId, c.req.valid("json"), actor(c));
      // A recorded ball settles through the outbox, at once: these are the markets before it.
      const ids = await sql<{ id: string }[]>`
        select id from markets where shot_id = ${shotId} order by opened_at`;
      const markets = await Promise.all(ids.map((r) => market(r.id)));
      return c.json({ markets }, 200);
    })
    .openapi(disputeRoute, async (c) => {
      const { id } = c.req.valid("param");
      await disputeMarket(sql, settle, id, c.req.valid("json").reason, actor(c));
      const disputed = await market(id);
      await republish(disputed);
      return c.json(disputed, 200);
    })
    .openapi(resolveRoute, async (c) => {
      const { id } = c.req.valid("param");
      await resolveMarket(sql, settle, id, c.req.valid("json"), actor(c));
      const resolved = await market(id);
      await republish(resolved);
      return c.json(resolved, 200);
    });
}
