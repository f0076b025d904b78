/**
 * PayPal: `POST /api/wallet/deposits/{id}/capture` (the buyer approved the
 * order; capture it and credit the wallet once) and `POST
 * /api/webhooks/paypal` (PayPal's signed events). Starting a PayPal deposit
 * is `POST /api/wallet/deposits {provider: "paypal"}` (routes/wallet.ts).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { LIVE_WALLET_EVENT } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { walletOf } from "../ledger/wallet.ts";
import { getUser } from "../users/repo.ts";
import { publishToUser } from "../live/user_events.ts";
import { WalletSchema } from "../../core/markets.ts";
import { capturePaypalDeposit } from "../payments/paypal/deposit.ts";
import { handlePaypalEvent, type PaypalEvent } from "../payments/paypal/webhook.ts";
import { paypalOf } from "../payments/paypal/service.ts";

const DepositView = z.object({
  id: z.string(),
  amount: z.number().int(),
  provider: z.literal("paypal"),
  demo: z.boolean(),
  state: z.enum(["created", "succeeded", "failed", "canceled"]),
}).openapi("PaypalDeposit");

const captureRoute = createRoute({
  method: "post",
  path: "/wallet/deposits/{id}/capture",
  tags: ["Wallet"],
  summary: "Capture an approved PayPal deposit and credit the wallet",
  description: "Credits once: again (or after the webhook credited it) answers the deposit as it " +
    "is. 409 `paypal_order_not_approved` before the buyer approved; 409 `provider_unavailable` " +
    "without PayPal.",
  ...auth(...ROLES),
  request: {
    params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }),
  },
  responses: {
    200: json(z.object({ deposit: DepositView, wallet: WalletSchema }), "The deposit"),
    ...errors(400, 401, 403, 404, 409),
  },
});

const webhookRoute = createRoute({
  method: "post",
  path: "/webhooks/paypal",
  tags: ["Webhooks"],
  "x-roles": ["public"],
  summary: "PayPal's webhook events (signed)",
  description: "Verified as PayPal specifies (SHA256withRSA with PayPal's certificate over the " +
    "transmission id, time, PAYPAL_WEBHOOK_ID and the body's CRC-32); 400 `bad_signature` and " +
    "nothing recorded otherwise. Each event is applied once.",
  responses: {
    200: json(z.object({ received: z.boolean(), outcome: z.string() }), "Recorded"),
    ...errors(400, 409, 413),
  },
});

export function paypalRoutes(deps: AppDeps): OpenAPIHono {
  const { db, ledger } = deps;
  const o = { ledger, demo: deps.config.SANDBOX_DEPOSITS };
  return createApi()
    .openapi(captureRoute, async (c) => {
      // No role check of its own: only the bettor who started a deposit can capture it.
      const user = currentUser(c.var);
      const { api } = paypalOf(deps);
      const done = await capturePaypalDeposit(
        { sql: db.sql, ledger, api },
        { userId: user.id, paymentId: c.req.valid("param").id },
      );
      const wallet = await walletOf(db.sql, o, user);
      if (done.credited) {
        publishToUser(deps.live, user.id, { type: LIVE_WALLET_EVENT, data: wallet });
      }
      if (done.credited) deps.outbox?.wake();
      return c.json({ deposit: done.deposit, wallet }, 200);
    })
    .openapi(webhookRoute, async (c) => {
      const { api, verify } = paypalOf(deps);
      if (!api || !verify) {
        throw new DomainError("provider_unavailable", "PayPal webhooks are not configured here");
      }
      const raw = await c.req.text();
      if (!(await verify(c.req.raw.headers, raw))) {
        throw new DomainError("bad_signature", "The PayPal signature does not verify");
      }
      let event: PaypalEvent;
      try {
        event = JSON.parse(raw);
      } catch {
        throw new DomainError("bad_json", "The event is not JSON");
      }
      if (typeof event?.id !== "string" || typeof event.event_type !== "string") {
        throw new DomainError("bad_request", "The event has no id or type");
      }
      const { outcome, moved } = await handlePaypalEvent({ sql: db.sql, ledger, api }, event);
      deps.outbox?.wake();
      const user = moved ? await getUser(db.sql, moved) : null;
      if (user) {
        const wallet = await walletOf(db.sql, o, user);
        publishToUser(deps.live, user.id, { type: LIVE_WALLET_EVENT, data: wallet });
      }
      return c.json({ received: true, outcome }, 200);
    });
}
