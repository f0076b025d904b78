/**
 * `POST /api/webhooks/stripe`: Stripe's events. The signature
 * (`Stripe-Signature`) is checked on the raw body with the endpoint secret
 * before anything is read or recorded; a bad, missing or stale one is
 * refused with 400 `bad_signature`. A handled event answers 200 (a replay
 * too: it moved nothing); a failure answers 5xx so Stripe tries again.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "../../core/errors.ts";
import { createApi, createRoute, errors, json, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { applyStripeEvent } from "../payments/stripe/events.ts";
import { LIVE_WALLET_EVENT } from "../../core/markets.ts";
import { walletOf } from "../ledger/wallet.ts";
import { publishToUser } from "../live/user_events.ts";
import { getUser } from "../users/repo.ts";

const Received = z.object({ received: z.literal(true), outcome: z.string() })
  .openapi("StripeWebhookAnswer");

const route = createRoute({
  method: "post",
  path: "/webhooks/stripe",
  tags: ["Payments"],
  summary: "Stripe webhook events (signed)",
  description: "Register this address in Stripe's dashboard with the events " +
    "`payment_intent.succeeded`, `payment_intent.payment_failed`, `payment_intent.canceled`, " +
    "`charge.refunded`, `refund.created`, `refund.failed`, `charge.dispute.created` and " +
    "`charge.dispute.closed`; " +
    "its signing secret is STRIPE_WEBHOOK_SECRET. 400 `bad_signature` when the " +
    "`Stripe-Signature` header is missing, forged or older than STRIPE_WEBHOOK_TOLERANCE_S; " +
    "409 `provider_unavailable` when Stripe is not configured; 409 `payment_not_credited` for a " +
    "refund or dispute of a deposit whose success has not arrived yet (Stripe sends it again).",
  "x-roles": ["public"],
  responses: { 200: json(Received, "Handled (or seen before)"), ...errors(400, 409) },
});

export function stripeWebhookRoutes(deps: AppDeps): OpenAPIHono {
  return createApi().openapi(route, async (c) => {
    const stripe = deps.stripe;
    if (!stripe) throw new DomainError("provider_unavailable", "Stripe is not configured");
    const raw = await c.req.text();
    const event = await stripe.verify(raw, c.req.header("stripe-signature"));
    const outcome = await applyStripeEvent(
      { sql: deps.db.sql, ledger: deps.ledger, stripe },
      event,
    );
    if (MOVED.has(outcome)) await publishWallet(deps, event.id);
    return c.json({ received: true as const, outcome }, 200);
  });
}

/** Outcomes that moved money: the user's open pages get their new wallet. */
const MOVED = new Set(["credited", "refunded", "disputed", "dispute won"]);

async function publishWallet(deps: AppDeps, eventId: string) {
  const sql = deps.db.sql;
  const [row] = await sql<{ user_id: string }[]>`
    select p.user_id from payment_events e join payments p on p.id = e.payment_id
    where e.provider = 'stripe' and e.event_id = ${eventId}`;
  const user = row ? await getUser(sql, row.user_id) : null;
  if (!user) return;
  const o = { ledger: deps.ledger, demo: deps.config.SANDBOX_DEPOSITS };
  publishToUser(deps.live, user.id, {
    type: LIVE_WALLET_EVENT,
    data: await walletOf(sql, o, user),
  });
}
