/**
 * What a verified Stripe event does to the money, each in one transaction
 * with the event's record (`payment_events`, unique by event id), so a
 * replayed or duplicated event moves nothing twice:
 *
 * - `payment_intent.succeeded`: credits the deposit once, if its amount and
 *   currency are the deposit's (a mismatch is recorded and refused); it
 *   credits even after a failure (the money was taken);
 * - `payment_intent.payment_failed` / `…canceled`: marks a deposit not yet
 *   credited failed (after success it changes nothing);
 * - `charge.refunded` / `refund.created`: each refund taken back once
 *   (`clawBack`, into debt when the balance is short), except a refund the
 *   product made itself to pay out a withdrawal (metadata `withdrawalId`),
 *   which is only counted on the deposit; `refund.failed` (or a refund
 *   updated to failed/canceled) gives back what it took;
 * - `charge.dispute.created`: the disputed amount taken back;
 *   `charge.dispute.closed` won: given back (paying any debt first), and a
 *   creation arriving after its won closing takes nothing.
 *
 * A refund or dispute of a deposit not credited yet (its success still on
 * its way) is refused with 409 and recorded nowhere, so Stripe sends it again
 * once the credit it would take back exists.
 */
import type Stripe from "stripe";
import { DomainError } from "../../../core/errors.ts";
import type { Sql, SqlOrTx } from "../../db.ts";
import type { Ledger } from "../../ledger/ledger.ts";
import {
  clawBack,
  creditPayment,
  failPayment,
  findPayment,
  type Payment,
  type ProviderEvent,
  recordEvent,
  setEventOutcome,
  setProviderRef,
} from "../payments.ts";
import { providerError, type StripeGateway } from "./client.ts";
import { notifyDeposit } from "../../sms/notify.ts";
import { applyRefund, giveBack, LOCK, refundFailed, wonAlready } from "./takeback.ts";

export interface StripeEventDeps {
  sql: Sql;
  ledger: Ledger;
  stripe: StripeGateway;
}

const asEvent = (e: Stripe.Event): ProviderEvent => ({
  provider: "stripe",
  id: e.id,
  type: e.type,
  payload: e,
});

/**
 * The deposit a PaymentIntent pays: by its id, else by the payment id in its
 * metadata. Locked for this transaction before any event is recorded against
 * it, so two events of one deposit (a refund's two, say) queue on the row
 * instead of deadlocking over it.
 */
export async function paymentOfIntent(
  tx: SqlOrTx,
  pi: { id: string; metadata?: Record<string, string> | null },
): Promise<Payment | null> {
  const byRef = await findPayment(tx, { provider: "stripe", providerRef: pi.id }, LOCK);
  if (byRef) return byRef;
  const id = pi.metadata?.paymentId;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const byId = await findPayment(tx, { id }, LOCK);
  const mismatch = !byId || byId.provider !== "stripe" || byId.userId !== pi.metadata?.userId ||
    (byId.providerRef !== null && byId.providerRef !== pi.id);
  if (mismatch) return null;
  // The answer that carried the intent's id was lost: keep it now.
  await setProviderRef(tx, byId!.id, pi.id);
  return byId;
}

/** Records `event` with an outcome that moved nothing; false when it was seen before. */
async function recordOnly(
  tx: SqlOrTx,
  event: ProviderEvent,
  paymentId: string | null,
  outcome: string,
) {
  return await recordEvent(tx, { ...event, paymentId, outcome });
}

/**
 * Credits the deposit a succeeded PaymentIntent paid, once, recording
 * `event` with it. Refuses (records why, moves nothing) when the intent's
 * amount or currency is not the deposit's.
 */
export async function creditIntent(
  tx: SqlOrTx,
  ledger: Ledger,
  pi: Stripe.PaymentIntent,
  event: ProviderEvent,
): Promise<{ credited: boolean; outcome: string }> {
  const payment = await paymentOfIntent(tx, pi);
  if (!payment) {
    await recordOnly(tx, event, null, "ignored: no deposit for this PaymentIntent");
    return { credited: false, outcome: "unknown" };
  }
  const received = pi.amount_received ?? 0;
  if (received !== payment.amount || pi.currency.toUpperCase() !== payment.currency) {
    const outcome = `refused: received ${received} ${pi.currency} for a deposit of ` +
      `${payment.amount} ${payment.currency}`;
    await recordOnly(tx, event, payment.id, outcome);
    return { credited: false, outcome: "mismatch" };
  }
  const captureRef = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
  const { credited } = await creditPayment(tx, ledger, {
    paymentId: payment.id,
    event,
    captureRef,
  });
  if (credited) {
    await notifyDeposit(tx, {
      userId: payment.userId,
      paymentId: payment.id,
      amount: payment.amount,
      currency: payment.currency,
    });
  }
  return { credited, outcome: credited ? "credited" : "seen" };
}

/** Applies one verified event; what it came to, in a word. */
export async function applyStripeEvent(d: StripeEventDeps, e: Stripe.Event): Promise<string> {
  const event = asEvent(e);
  switch (e.type) {
    case "payment_intent.succeeded":
      return await d.sql.begin(async (tx) =>
        (await creditIntent(tx, d.ledger, e.data.object, event)).outcome
      );
    case "payment_intent.payment_failed":
    case "payment_intent.canceled":
      return await d.sql.begin(async (tx) => {
        const pi = e.data.object;
        const payment = await paymentOfIntent(tx, pi);
        if (!(await recordOnly(tx, event, payment?.id ?? null, "recorded"))) return "seen";
        if (!payment) return "unknown";
        const failed = e.type === "payment_intent.canceled"
          ? await failPayment(tx, payment.id, "canceled", pi.cancellation_reason ?? "canceled")
          : await failPayment(tx, payment.id, "failed", pi.last_payment_error?.message ?? "failed");
        await setEventOutcome(tx, event, failed ? "failed" : "ignored: deposit already settled");
        return failed ? "failed" : "ignored";
      });
    case "charge.refunded": {
      // The charge lists no refunds (API versions since 2022): ask Stripe for them.
      const refunds = await listRefunds(d.stripe, e.data.object.id);
      return await d.sql.begin(async (tx) => {
        const payment = settled(await paymentOfCharge(tx, e.data.object), e);
        if (!(await recordOnly(tx, event, payment?.id ?? null, "recorded"))) return "seen";
        if (!payment) return "unknown";
        let taken = 0;
        for (const r of refunds) taken += await applyRefund(tx, d.ledger, payment, r);
        await setEventOutcome(tx, event, `refunds applied: ${taken}`);
        return "refunded";
      });
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
      return await d.sql.begin(async (tx) => {
        const r = e.data.object;
        const pi = typeof r.payment_intent === "string" ? r.payment_intent : r.payment_intent?.id;
        const payment = settled(
          pi ? await findPayment(tx, { provider: "stripe", providerRef: pi }, LOCK) : null,
          e,
        );
        if (!(await recordOnly(tx, event, payment?.id ?? null, "recorded"))) return "seen";
        if (!payment) return "unknown";
        if (r.status === "failed" || r.status === "canceled") {
          return await refundFailed(tx, d.ledger, payment, r) ? "refund failed" : "ignored";
        }
        await applyRefund(tx, d.ledger, payment, r);
        return "refunded";
      });
    case "charge.dispute.created":
    case "charge.dispute.closed":
      return await d.sql.begin(async (tx) => {
        const dp = e.data.object;
        const payment = settled(
          await paymentOfCharge(tx, {
            id: typeof dp.charge === "string" ? dp.charge : dp.charge.id,
            payment_intent: dp.payment_intent,
          }),
          e,
        );
        if (!(await recordOnly(tx, event, payment?.id ?? null, "recorded"))) return "seen";
        if (!payment) return "unknown";
        if (e.type === "charge.dispute.created") {
          if (await wonAlready(tx, payment.id, dp.id)) return "dispute won";
          await clawBack(tx, d.ledger, {
            paymentId: payment.id,
            amount: dp.amount,
            idPrefix: `dispute:${dp.id}`,
          });
          return "disputed";
        }
        if (dp.status === "won") {
          await giveBack(tx, d.ledger, payment, `dispute:${dp.id}`, `dispute-won:${dp.id}`);
        }
        return `dispute ${dp.status}`;
      });
    default:
      await d.sql.begin((tx) => recordOnly(tx, event, null, "ignored: not handled"));
      return "ignored";
  }
}

/**
 * The payment, if it was credited. Money taken back from a deposit not
 * credited yet (its success is still on its way, out of order) would be
 * lost when the success credits it in full: refused with 409, nothing
 * recorded, so Stripe delivers the event again later (reconciliation
 * credits a success that never comes).
 */
function settled(payment: Payment | null, e: Stripe.Event): Payment | null {
  if (payment && payment.state !== "succeeded") {
    throw new DomainError(
      "payment_not_credited",
      `Deposit "${payment.id}" is not credited yet; "${e.type}" is taken once it is`,
    );
  }
  return payment;
}

async function paymentOfCharge(
  tx: SqlOrTx,
  ch: { id: string; payment_intent?: string | { id: string } | null },
): Promise<Payment | null> {
  const pi = typeof ch.payment_intent === "string" ? ch.payment_intent : ch.payment_intent?.id;
  if (pi) return await findPayment(tx, { provider: "stripe", providerRef: pi }, LOCK);
  const [row] = await tx<{ id: string }[]>`
    select id from payments where provider = 'stripe' and capture_ref = ${ch.id}`;
  return row ? await findPayment(tx, { id: row.id }, LOCK) : null;
}

/** Every refund of a charge, through the SDK. */
export async function listRefunds(stripe: StripeGateway, charge: string): Promise<Stripe.Refund[]> {
  try {
    const out: Stripe.Refund[] = [];
    for await (const r of stripe.sdk.refunds.list({ charge, limit: 100 })) out.push(r);
    return out;
  } catch (err) {
    throw providerError(err);
  }
}
