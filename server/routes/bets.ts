/**
 * `/api/bets`: a bettor places a bet (`POST`, idempotent by its key) and reads
 * their own bets. Someone else's bet is 404, as if it did not exist. After a
 * bet commits, the bettor's channel gets `bet` and `wallet`, and the lane a
 * throttled `market` with the new pools.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { BetSchema, PlaceBetSchema } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser, requireRole } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { userChannel } from "../live/user_events.ts";
import { createBetQueue, requireBettor } from "../markets/place_bet.ts";
import { createPoolPush } from "../markets/pool_push.ts";
import { publishMarkets, publishPlacedBet, publishWallets } from "../markets/publish.ts";
import { createWalletPush } from "../markets/wallet_push.ts";
import { getBet, listBets } from "../markets/repo.ts";

const TAGS = ["Bets"];
const BetBody = z.object({ bet: BetSchema });
const BetIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});
const ListQuery = z.object({
  status: z.enum(["open", "settled", "void"]).optional().openapi({
    description: "open; settled (won or lost); void",
  }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.uuid().optional().openapi({ description: "Only bets placed before this bet (paging)" }),
});

/** Bettors only, checked before the body: staff 403 `staff_may_not_bet`, spectators 403 `not_a_bettor`. */
const bettorOnly = createMiddleware(async (c, next) => {
  requireBettor(currentUser(c.var));
  await next();
});

const placeRoute = createRoute({
  method: "post",
  path: "/bets",
  tags: TAGS,
  summary: "Place a bet on an open market",
  description:
    "One tap: `{ marketId, outcome, stake, marketVersion, idempotencyKey }`. 201 with the new bet; the same " +
    "key and body again → 200 with the first bet (another body → 400 `idempotency_key_reused`). 409 " +
    "`market-suspended` (the market is not open) or `market-version-stale` (its terms moved on), each with the " +
    "market's current `state` and `version`; 422 `insufficient-funds`; 400 `unknown_outcome`; 404 " +
    "`unknown_market`. Bettors only: staff and admins 403 `staff_may_not_bet`, spectators 403 `not_a_bettor`.",
  middleware: [requireRole(...ROLES), bettorOnly],
  security: [{ bearer: [] }],
  "x-roles": ["bettor"],
  request: { body: jsonBody(PlaceBetSchema) },
  responses: {
    201: json(BetBody, "The new bet"),
    200: json(BetBody, "The bet this idempotency key placed before"),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/bets",
  tags: TAGS,
  summary: "The caller's own bets, newest first",
  ...auth(...ROLES),
  request: { query: ListQuery },
  responses: {
    200: json(
      z.object({
        bets: z.array(BetSchema),
        next: z.string().nullable().openapi({ description: "`before` of the next page" }),
      }),
      "The caller's bets",
    ),
    ...errors(400, 401),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/bets/{id}",
  tags: TAGS,
  summary: "One of the caller's bets",
  description: "Someone else's bet is 404 `unknown_bet`, as an unknown one.",
  ...auth(...ROLES),
  request: { params: BetIdParam },
  responses: { 200: json(BetBody, "The bet"), ...errors(401, 404) },
});

export function betRoutes(deps: AppDeps): OpenAPIHono {
  const pools = createPoolPush({
    intervalMs: deps.config.MARKET_POOL_PUSH_MS,
    send: (id) => publishMarkets(deps, [id]),
  });
  // Bettors' wallets after their bets: at once, then at most once a second while they keep
  // betting, every bettor's together in one read.
  const wallets = createWalletPush({
    intervalMs: 1_000,
    send: (userIds) => publishWallets(deps, userIds),
  });
  const bets = createBetQueue(deps);
  return createApi()
    .openapi(placeRoute, async (c) => {
      const user = currentUser(c.var);
      const { bet, created, laneId } = await bets.place(user, c.req.valid("json"));
      if (created) {
        deps.metrics?.betsPlaced();
        if (deps.live.subscribers(userChannel(user.id)) > 0) {
          publishPlacedBet(deps.live, user.id, bet);
          wallets.poke(user.id);
        }
        if (deps.live.subscribers(laneId) > 0) pools.poke(bet.marketId);
      }
      return c.json({ bet }, created ? 201 : 200);
    })
    .openapi(listRoute, async (c) => {
      const q = c.req.valid("query");
      const bets = await listBets(deps.db.sql, { ...q, userId: currentUser(c.var).id });
      return c.json({ bets, next: bets.length === q.limit ? bets[bets.length - 1].id : null }, 200);
    })
    .openapi(getRoute, async (c) => {
      const id = c.req.valid("param").id;
      const bet = await getBet(deps.db.sql, id, currentUser(c.var).id);
      if (!bet) throw new DomainError("unknown_bet", `Cannot find bet "${id}"`);
      return c.json({ bet }, 200);
    });
}
