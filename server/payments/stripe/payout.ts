/**
 * Pays a withdrawal out through Stripe: refunds against the user's earlier
 * Stripe deposits, newest first, each up to what is left unrefunded of it,
 * with metadata `withdrawalId` (so the `charge.refunded` webhook counts it
 * and does not take it back from the user again) and the outbound
 * idempotency key `withdrawal:<id>:<intent id>`.
 *
 * A retry after a crash pays nothing twice: Stripe's own list of each
 * deposit's refunds is read first, and a refund already made for this
 * withdrawal counts as paid (a newer deposit made since is not refunded in
 * its place). Each refund is counted on its deposit once (`refunded`, its id
 * recorded as an event), whether this or the webhook sees it first.
 */
import Stripe from "stripe";
import type { Sql } from "../../db.ts";
import type { Ledger } from "../../ledger/ledger.ts";
import { listPayments, type Payment } from "../payments.ts";
import { PayoutError, type PayoutProvider, type PayoutRequest } from "../provider.ts";
import type { StripeGateway } from "./client.ts";
import { applyRefund } from "./takeback.ts";

/** Outbound idempotency key of a withdrawal's refund against one deposit. */
export const payoutKey = (withdrawalId: string, intentId: string) =>
  `withdrawal:${withdrawalId}:${intentId}`;

/** Stripe's codes for a charge it will not refund (any more): skipped, not fatal. */
const UNREFUNDABLE = new Set(["charge_disputed", "charge_already_refunded", "amount_too_large"]);

/** Deposits looked at per payout (newest first). */
const MAX_DEPOSITS = 200;

export function createStripePayout(
  o: { sql: Sql; ledger: Ledger; stripe: StripeGateway },
): PayoutProvider {
  const { sql, ledger, stripe } = o;

  async function deposits(r: PayoutRequest): Promise<Payment[]> {
    const { items } = await listPayments(sql, {
      userId: r.userId,
      provider: "stripe",
      state: "succeeded",
      limit: MAX_DEPOSITS,
    });
    return items.filter((p) => p.providerRef && p.currency === r.currency);
  }

  /** Counts `refund` on `payment` once (same path as the webhook). */
  async function count(payment: Payment, refund: Stripe.Refund) {
    await sql.begin((tx) => applyRefund(tx, ledger, payment, refund));
  }

  /** A refund of `amount` against `p` for the withdrawal; null when Stripe will not refund that deposit. */
  async function refundOne(r: PayoutRequest, p: Payment, amount: number) {
    try {
      return await stripe.sdk.refunds.create({
        payment_intent: p.providerRef!,
        amount,
        reason: "requested_by_customer",
        metadata: { withdrawalId: r.withdrawalId, paymentId: p.id },
      }, { idempotencyKey: payoutKey(r.withdrawalId, p.providerRef!) });
    } catch (err) {
      // A disputed or already refunded charge: the next deposit (or staff) pays instead.
      if (err instanceof Stripe.errors.StripeInvalidRequestError && UNREFUNDABLE.has(err.code!)) {
        return null;
      }
      throw err;
    }
  }

  async function payout(r: PayoutRequest) {
    const mine = new Map<string, Stripe.Refund[]>();
    const all = await deposits(r);
    for (const p of all) {
      const refunds: Stripe.Refund[] = [];
      for await (
        const x of stripe.sdk.refunds.list({ payment_intent: p.providerRef!, limit: 100 })
      ) {
        if (
          x.metadata?.withdrawalId === r.withdrawalId && x.status !== "failed" &&
          x.status !== "canceled"
        ) {
          refunds.push(x);
        }
      }
      if (refunds.length) mine.set(p.id, refunds);
    }
    const ids: string[] = [];
    let paid = 0;
    for (const [id, refunds] of mine) {
      const payment = all.find((p) => p.id === id)!;
      for (const x of refunds) {
        await count(payment, x);
        paid += x.amount;
        ids.push(x.id);
      }
    }
    for (const p of await deposits(r)) {
      const left = r.amount - paid;
      if (left <= 0) break;
      if (mine.has(p.id)) continue;
      const amount = Math.min(left, p.amount - p.refunded);
      if (amount <= 0) continue;
      const refund = await refundOne(r, p, amount);
      if (!refund) continue;
      await count(p, refund);
      paid += refund.amount;
      ids.push(refund.id);
    }
    return { paid, reference: ids.join(",") };
  }

  return {
    name: "stripe",
    async payout(r) {
      try {
        return await payout(r);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeError) {
          const permanent = err.type === "StripeInvalidRequestError" ||
            err.type === "StripeIdempotencyError" || err.type === "StripeCardError";
          throw new PayoutError(`Stripe refused the refund: "${err.message}"`, permanent);
        }
        throw err;
      }
    },
  };
}

/** The Stripe payout provider of the server's deps, or null when Stripe is not configured. */
export function stripePayoutOf(
  deps: { db: { sql: Sql }; ledger: Ledger; stripe?: StripeGateway | null },
): PayoutProvider | null {
  return deps.stripe
    ? createStripePayout({ sql: deps.db.sql, ledger: deps.ledger, stripe: deps.stripe })
    : null;
}
