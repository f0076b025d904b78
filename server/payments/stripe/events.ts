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
  addRefunded,
  clawBack,
  creditPayment,
  failPayment,
  findPayment,
  type Payment,
  type ProviderEvent,
  recordEvent,
  repayDebt,
  setEventOutcome,
  setProviderRef,
} from "../payments.ts";
import { providerError, type StripeGateway } from "./client.ts";

export interface StripeEventDeps {
  sql: Sql;
  ledger: Ledger;
  stripe: StripeGateway;
}

const LOCK = { forUpdate: true };

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

/** Whether a `charge.dispute.closed` saying the dispute was won came before its creation. */
async function wonAlready(tx: SqlOrTx, paymentId: string, disputeId: string): Promise<boolean> {
  const rows = await tx`
    select 1 from payment_events
    where payment_id = ${paymentId} and provider = 'stripe' and type = 'charge.dispute.closed'
      and payload -> 'data' -> 'object' ->> 'id' = ${disputeId}
      and payload -> 'data' -> 'object' ->> 'status' = 'won'`;
  return rows.length > 0;
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

/**
 * Counts one Stripe refund against its deposit, once (its id recorded as an
 * event): a withdrawal's payout only raises `refunded`; any other is taken
 * back from the user. Returns the amount taken back.
 */
export async function applyRefund(
  tx: SqlOrTx,
  ledger: Ledger,
  payment: Payment,
  r: Stripe.Refund,
): Promise<number> {
  if (r.status !== "succeeded" && r.status !== "pending") return 0;
  await findPayment(tx, { id: payment.id }, LOCK);
  const withdrawal = r.metadata?.withdrawalId;
  const outcome = withdrawal ? `withdrawal ${withdrawal}` : "taken back";
  const fresh = await recordEvent(tx, {
    provider: "stripe",
    id: r.id,
    type: "refund",
    paymentId: payment.id,
    outcome,
    payload: r,
  });
  if (!fresh) return 0;
  if (withdrawal) {
    await addRefunded(tx, payment.id, r.amount);
    return 0;
  }
  const { fromUser, toDebt } = await clawBack(tx, ledger, {
    paymentId: payment.id,
    amount: r.amount,
    idPrefix: `refund:${r.id}`,
  });
  return fromUser + toDebt;
}

/**
 * A refund that failed or was canceled: the money stayed with us, so what it
 * took back goes back to the user. Its id is recorded first, so a
 * `refund.created` arriving after the failure takes nothing. True when it gave back.
 */
async function refundFailed(tx: SqlOrTx, ledger: Ledger, payment: Payment, r: Stripe.Refund) {
  await findPayment(tx, { id: payment.id }, LOCK);
  const fresh = await recordEvent(tx, {
    provider: "stripe",
    id: r.id,
    type: "refund",
    paymentId: payment.id,
    outcome: `refund ${r.status} before it was taken`,
    payload: r,
  });
  if (fresh) return false;
  // A withdrawal's refund that failed is the payout's business (left to staff).
  if (r.metadata?.withdrawalId) return false;
  return await giveBack(tx, ledger, payment, `refund:${r.id}`, `refund-failed:${r.id}`);
}

/**
 * What the transfers `<taken>:user` / `<taken>:debt` took goes back to the
 * user under id `back` (once), paying their debt first. True when it gave back.
 */
async function giveBack(
  tx: SqlOrTx,
  ledger: Ledger,
  payment: Payment,
  taken: string,
  back: string,
): Promise<boolean> {
  const [row] = await tx<{ amount: string }[]>`
    select coalesce(sum(amount), 0)::text as amount from ledger_transfers
    where id in (${`${taken}:user`}, ${`${taken}:debt`})`;
  const amount = Number(row.amount);
  if (amount <= 0) return false;
  const { applied } = await ledger.transfer(tx, {
    id: back,
    debit: { kind: "clearing", owner: "stripe" },
    credit: { kind: "user", owner: payment.userId },
    amount,
    code: "deposit",
    memo: { provider: "stripe", paymentId: payment.id, reversed: taken },
  });
  if (!applied) return false;
  await tx`
    update payments set refunded = greatest(0, refunded - ${amount}), updated_at = now()
    where id = ${payment.id}`;
  await repayDebt(tx, ledger, payment.userId, `debt-repay:${back}`);
  return true;
}
