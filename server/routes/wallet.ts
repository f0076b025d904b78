/**
 * The wallet: `GET /api/wallet`, `GET /api/wallet/transactions` (paged),
 * `POST /api/wallet/deposits` (sandbox demo money, a Stripe PaymentIntent or
 * a PayPal order to pay; bettors only), and for staff
 * `GET /api/users/{id}/ledger` (a user's wallet and history).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  DepositSchema,
  LIVE_WALLET_EVENT,
  WalletSchema,
  WalletTransactionSchema,
} from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { assertMayBet, deposit, listTransactions, walletOf } from "../ledger/wallet.ts";
import { publishToUser } from "../live/user_events.ts";
import { getUser } from "../users/repo.ts";
import { startStripeDeposit } from "../payments/stripe/deposit.ts";
import { startPaypalDeposit } from "../payments/paypal/deposit.ts";
import { paypalOf } from "../payments/paypal/service.ts";
import { UserId, UserSchema } from "../users/schemas.ts";

const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(/^\d{1,18}$/, "Must be the `next` of the page before").optional(),
});

const TransactionPage = z.object({
  items: z.array(WalletTransactionSchema),
  next: z.string().nullable().openapi({
    description: "`before` for the next page; null at the end",
  }),
}).openapi("WalletTransactions");

const DepositAnswer = z.object({
  deposit: z.object({
    id: z.string(),
    amount: z.number().int(),
    provider: z.string(),
    demo: z.boolean(),
    state: z.literal("succeeded"),
  }),
  wallet: WalletSchema,
}).openapi("DepositAnswer");

const StripeDepositAnswer = z.object({
  deposit: z.object({
    id: z.string(),
    amount: z.number().int(),
    provider: z.literal("stripe"),
    demo: z.literal(false),
    state: z.string(),
  }),
  stripe: z.object({
    clientSecret: z.string(),
    publishableKey: z.string().nullable(),
    paymentIntentId: z.string(),
  }),
}).openapi("StripeDepositAnswer");

const PaypalDepositAnswer = z.object({
  deposit: z.object({
    id: z.string(),
    amount: z.number().int(),
    provider: z.literal("paypal"),
    demo: z.boolean(),
    state: z.string(),
  }),
  paypal: z.object({ orderId: z.string(), approveUrl: z.string().nullable() }),
}).openapi("PaypalDepositAnswer");

const UserLedger = TransactionPage.extend({ user: UserSchema, wallet: WalletSchema })
  .openapi("UserLedger");

const TAGS = ["Wallet"];

export function walletRoutes(deps: AppDeps): OpenAPIHono {
  const { db } = deps;
  const o = { ledger: deps.ledger, demo: deps.config.SANDBOX_DEPOSITS };
  return createApi()
    .openapi(
      createRoute({
        method: "get",
        path: "/wallet",
        tags: TAGS,
        summary: "The caller's balances",
        ...auth(...ROLES),
        responses: { 200: json(WalletSchema, "The wallet"), ...errors(401, 403) },
      }),
      async (c) => c.json(await walletOf(db.sql, o, currentUser(c.var)), 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/wallet/transactions",
        tags: TAGS,
        summary: "The caller's transactions, newest first",
        description: "A stake's hold is one row whose `state` follows it: pending, posted or void.",
        ...auth(...ROLES),
        request: { query: PageQuery },
        responses: { 200: json(TransactionPage, "A page"), ...errors(400, 401, 403) },
      }),
      async (c) =>
        c.json(await listTransactions(db.sql, o, currentUser(c.var).id, c.req.valid("query")), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/wallet/deposits",
        tags: TAGS,
        summary: "Add money: sandbox (demo) money, a Stripe PaymentIntent or a PayPal order to pay",
        description: "Bettors only (403 `not_a_bettor`, `staff_may_not_bet`); 403 " +
          "`sandbox_disabled` when SANDBOX_DEPOSITS is off. The same `idempotencyKey` again " +
          'answers 200 with the first deposit. With `provider: "stripe"` the answer carries ' +
          "the PaymentIntent's client secret for Stripe Elements and the deposit is `created`: " +
          'the webhook credits it once paid. With `provider: "paypal"` the answer carries the ' +
          "order to approve, then `POST /wallet/deposits/{id}/capture`. 409 " +
          "`provider_unavailable` when the provider is not set up.",
        ...auth(...ROLES),
        request: { body: jsonBody(DepositSchema) },
        responses: {
          201: json(
            z.union([DepositAnswer, StripeDepositAnswer, PaypalDepositAnswer]),
            "Deposited, or started",
          ),
          200: json(
            z.union([DepositAnswer, StripeDepositAnswer, PaypalDepositAnswer]),
            "The deposit made before with this key",
          ),
          ...errors(400, 401, 403, 409, 413, 415, 422),
        },
      }),
      async (c) => {
        const user = currentUser(c.var);
        assertMayBet(user.role);
        const body = c.req.valid("json");
        if (body.provider === "stripe") {
          const { answer, created } = await startStripeDeposit(db.sql, deps.stripe, {
            userId: user.id,
            amount: body.amount,
            currency: deps.ledger.currency,
            idempotencyKey: body.idempotencyKey,
          });
          return c.json(answer, created ? 201 : 200);
        }
        if (body.provider === "paypal") {
          const started = await startPaypalDeposit(
            { sql: db.sql, ledger: deps.ledger, api: paypalOf(deps).api },
            { userId: user.id, amount: body.amount, idempotencyKey: body.idempotencyKey },
          );
          const { deposit, paypal } = started;
          return c.json({ deposit, paypal }, started.created ? 201 : 200);
        }
        if (body.provider !== "sandbox") {
          throw new DomainError(
            "provider_unavailable",
            `"${body.provider}" is not configured here`,
          );
        }
        if (!deps.config.SANDBOX_DEPOSITS) {
          throw new DomainError("sandbox_disabled", "Sandbox deposits are turned off");
        }
        // One transaction: the guard locks the user, so deposits at once meet the limit in turn.
        // One transaction: the limits checked under the user's lock, the payment made and credited.
        const made = await db.sql.begin((tx) =>
          deposit(tx, o, { userId: user.id, ...body, provider: "sandbox" })
        );
        const wallet = await walletOf(db.sql, o, user);
        if (made.created) {
          publishToUser(deps.live, user.id, { type: LIVE_WALLET_EVENT, data: wallet });
        }
        return c.json({ deposit: made.deposit, wallet }, made.created ? 201 : 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/users/{id}/ledger",
        tags: TAGS,
        summary: "A user's wallet and transactions (staff)",
        ...auth(...STAFF),
        request: {
          params: z.object({ id: UserId.openapi({ param: { name: "id", in: "path" } }) }),
          query: PageQuery,
        },
        responses: { 200: json(UserLedger, "The user's ledger"), ...errors(400, 401, 403, 404) },
      }),
      async (c) => {
        const user = await getUser(db.sql, c.req.valid("param").id);
        if (!user) throw new DomainError("unknown_user", "Cannot find that user");
        const page = await listTransactions(db.sql, o, user.id, c.req.valid("query"));
        return c.json({
          user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
          wallet: await walletOf(db.sql, o, user),
          ...page,
        }, 200);
      },
    );
}
