/**
 * The bettor's withdrawals: `POST /api/wallet/withdrawals` (the amount held at
 * once), `GET /api/wallet/withdrawals`, `POST /api/wallet/withdrawals/{id}/cancel`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { LIVE_WALLET_EVENT, WalletSchema } from "../../core/markets.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { MONEY_HOLDERS } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { walletOf } from "../ledger/wallet.ts";
import { publishToUser } from "../live/user_events.ts";
import { listWithdrawals } from "./repo.ts";
import {
  WithdrawalIdParam,
  WithdrawalList,
  WithdrawalRequestSchema,
  WithdrawalSchema,
} from "./schemas.ts";
import { cancelWithdrawal, requestWithdrawal } from "./service.ts";

const TAGS = ["Wallet"];
const Answer = z.object({ withdrawal: WithdrawalSchema, wallet: WalletSchema })
  .openapi("WithdrawalAnswer");

export function withdrawalRoutes(deps: AppDeps): OpenAPIHono {
  const { db, ledger } = deps;
  const o = { ledger, demo: deps.config.SANDBOX_DEPOSITS };
  return createApi()
    .openapi(
      createRoute({
        method: "post",
        path: "/wallet/withdrawals",
        tags: TAGS,
        summary: "Ask to withdraw money (held at once, paid once staff approve)",
        description: "422 `insufficient-funds` above the available balance (nothing held); " +
          "403 `self-excluded` during a time-out or self-exclusion. The same `idempotencyKey` " +
          "again answers 200 with the first withdrawal.",
        ...auth(...MONEY_HOLDERS),
        request: { body: jsonBody(WithdrawalRequestSchema) },
        responses: {
          201: json(Answer, "Requested, the amount held"),
          200: json(Answer, "The withdrawal made before with this key"),
          ...errors(400, 401, 403, 413, 415, 422),
        },
      }),
      async (c) => {
        const user = currentUser(c.var);
        const made = await requestWithdrawal(db.sql, ledger, user, c.req.valid("json"));
        const wallet = await walletOf(db.sql, o, user);
        if (made.created) {
          publishToUser(deps.live, user.id, { type: LIVE_WALLET_EVENT, data: wallet });
        }
        return c.json({ withdrawal: made.withdrawal, wallet }, made.created ? 201 : 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/wallet/withdrawals",
        tags: TAGS,
        summary: "The caller's withdrawals, newest first",
        ...auth(...MONEY_HOLDERS),
        responses: { 200: json(WithdrawalList, "Withdrawals"), ...errors(401, 403) },
      }),
      async (c) =>
        c.json({
          items: await listWithdrawals(db.sql, { userId: currentUser(c.var).id, limit: 100 }),
        }, 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/wallet/withdrawals/{id}/cancel",
        tags: TAGS,
        summary: "Take back a withdrawal not yet decided (the hold is released)",
        description: "409 `withdrawal_state` once staff decided it.",
        ...auth(...MONEY_HOLDERS),
        request: { params: WithdrawalIdParam },
        responses: { 200: json(Answer, "Canceled"), ...errors(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const user = currentUser(c.var);
        const withdrawal = await cancelWithdrawal(db.sql, ledger, user, c.req.valid("param").id);
        const wallet = await walletOf(db.sql, o, user);
        publishToUser(deps.live, user.id, { type: LIVE_WALLET_EVENT, data: wallet });
        return c.json({ withdrawal, wallet }, 200);
      },
    );
}
