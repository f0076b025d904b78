/**
 * Money Stripe takes back from a deposit, and gives back: each refund
 * counted once (its id recorded as an event in the transaction), taken from
 * the user into debt if need be unless it paid out a withdrawal; a failed
 * refund or a won dispute returned, paying any debt first.
 */
import type Stripe from "stripe";
import type { SqlOrTx } from "../../db.ts";
import type { Ledger } from "../../ledger/ledger.ts";
import {
  addRefunded,
  clawBack,
  findPayment,
  type Payment,
  recordEvent,
  repayDebt,
} from "../payments.ts";

/** Lock the deposit's row before recording anything against it (events of one deposit queue on it). */
export const LOCK = { forUpdate: true };

/** Whether a `charge.dispute.closed` saying the dispute was won came before its creation. */
export async function wonAlready(
  tx: SqlOrTx,
  paymentId: string,
  disputeId: string,
): Promise<boolean> {
  const rows = await tx`
    select 1 from payment_events
    where payment_id = ${paymentId} and provider = 'stripe' and type = 'charge.dispute.closed'
      and payload -> 'data' -> 'object' ->> 'id' = ${disputeId}
      and payload -> 'data' -> 'object' ->> 'status' = 'won'`;
  return rows.length > 0;
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
export async function refundFailed(
  tx: SqlOrTx,
  ledger: Ledger,
  payment: Payment,
  r: Stripe.Refund,
) {
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
export async function giveBack(
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
