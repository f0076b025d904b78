/**
 * A deposit through Stripe starts here: a `payments` row (the same
 * idempotency key again answers the same deposit) and a PaymentIntent made
 * with the outbound idempotency key `deposit:<payment id>`, so a retried
 * request, or a crash between the two, never makes a second intent. The
 * browser pays with the intent's client secret; only the webhook (or
 * reconciliation) credits the wallet.
 */
import Stripe from "stripe";
import { DomainError } from "../../../core/errors.ts";
import type { SqlOrTx } from "../../db.ts";
import { failPayment, type Payment, setProviderRef } from "../payments.ts";
import { startPayment } from "../start.ts";
import { providerError, type StripeGateway } from "./client.ts";

export interface StripeDepositAnswer {
  deposit: { id: string; amount: number; provider: "stripe"; demo: false; state: string };
  stripe: { clientSecret: string; publishableKey: string | null; paymentIntentId: string };
}

/** Stripe's smallest charge (50 cents, or about that in other currencies). */
export const STRIPE_MIN_AMOUNT = 50;

/** Outbound idempotency key of a payment's PaymentIntent. */
export const depositKey = (paymentId: string) => `deposit:${paymentId}`;

export async function startStripeDeposit(
  sql: SqlOrTx,
  stripe: StripeGateway | null | undefined,
  input: { userId: string; amount: number; currency: string; idempotencyKey?: string },
): Promise<{ answer: StripeDepositAnswer; created: boolean }> {
  if (!stripe) throw new DomainError("provider_unavailable", "Stripe deposits are not configured");
  if (input.amount < STRIPE_MIN_AMOUNT) {
    throw new DomainError(
      "amount_too_small",
      `Card deposits start at ${STRIPE_MIN_AMOUNT} (minor units)`,
    );
  }
  const { payment, created } = await startPayment(sql, { ...input, provider: "stripe" });
  const intent = await intentOf(sql, stripe, payment);
  return {
    created,
    answer: {
      deposit: {
        id: payment.id,
        amount: payment.amount,
        provider: "stripe",
        demo: false,
        state: payment.state,
      },
      stripe: {
        clientSecret: intent.client_secret!,
        publishableKey: stripe.publishableKey,
        paymentIntentId: intent.id,
      },
    },
  };
}

/** The payment's PaymentIntent: made once (same key, same parameters), its id kept on the row. */
async function intentOf(sql: SqlOrTx, stripe: StripeGateway, payment: Payment) {
  try {
    if (payment.providerRef) return await stripe.sdk.paymentIntents.retrieve(payment.providerRef);
    const intent = await stripe.sdk.paymentIntents.create({
      amount: payment.amount,
      currency: payment.currency.toLowerCase(),
      automatic_payment_methods: { enabled: true },
      metadata: { paymentId: payment.id, userId: payment.userId },
    }, { idempotencyKey: depositKey(payment.id) });
    await setProviderRef(sql, payment.id, intent.id);
    return intent;
  } catch (err) {
    // Stripe refused the intent for good: the deposit will never be paid.
    if (err instanceof Stripe.errors.StripeInvalidRequestError && !payment.providerRef) {
      await failPayment(sql, payment.id, "failed", err.message);
    }
    throw providerError(err);
  }
}
