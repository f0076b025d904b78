/**
 * Withdrawals paid through PayPal: refunds against the user's earlier PayPal
 * captures, newest first. The official server SDK has no Payouts API (only
 * orders, payments, vault, subscriptions, transaction search), so paying
 * back the deposits the money came from is what it can do.
 *
 * Idempotent by withdrawal: each refund carries `PayPal-Request-Id`
 * `withdrawal:<id>:<capture id>` (a retry after a lost answer gets PayPal's
 * first refund back) and invoice id `withdrawal:<id>`, and is recorded as
 * event `refund:<refund id>` with the withdrawal in its payload, in the
 * transaction that counts it in `payments.refunded`; a retry first sums
 * what this withdrawal already paid and pays only the rest.
 */
import type { Sql } from "../../db.ts";
import { addRefunded, recordEvent, refundablePayments } from "../payments.ts";
import { PayoutError, type PayoutProvider, type PayoutRequest } from "../provider.ts";
import { DomainError } from "../../../core/problem.ts";
import type { PaypalApi } from "./client.ts";

export interface PaypalPayoutDeps {
  sql: Sql;
  api: PaypalApi;
}

const WITHDRAWAL_REFUND = "WITHDRAWAL.REFUND";

/** What earlier attempts of this withdrawal already refunded: the sum and the refund ids. */
async function paidBefore(sql: Sql, withdrawalId: string) {
  const rows = await sql<{ event_id: string; amount: string }[]>`
    select event_id, payload->>'amount' as amount from payment_events
    where provider = 'paypal' and type = ${WITHDRAWAL_REFUND}
      and payload->>'withdrawalId' = ${withdrawalId}
    order by received_at`;
  return {
    paid: rows.reduce((s, r) => s + Number(r.amount), 0),
    refs: rows.map((r) => r.event_id.replace(/^refund:/, "")),
  };
}

export function createPaypalPayout(deps: PaypalPayoutDeps): PayoutProvider {
  return {
    name: "paypal",
    async payout(r: PayoutRequest) {
      const before = await paidBefore(deps.sql, r.withdrawalId);
      let paid = before.paid;
      const refs = [...before.refs];
      for (const payment of await refundablePayments(deps.sql, r.userId, "paypal")) {
        if (paid >= r.amount) break;
        if (!payment.captureRef || payment.currency !== r.currency) continue;
        const amount = Math.min(r.amount - paid, payment.amount - payment.refunded);
        const refund = await deps.api.refundCapture({
          captureId: payment.captureRef,
          amount,
          currency: payment.currency,
          requestId: `withdrawal:${r.withdrawalId}:${payment.captureRef}`,
          invoiceId: `withdrawal:${r.withdrawalId}`,
        }).catch((err) => {
          if (err instanceof DomainError) {
            throw new PayoutError(err.message, err.extra?.permanent === true);
          }
          throw err;
        });
        const recorded = await deps.sql.begin(async (tx) => {
          const recorded = await recordEvent(tx, {
            provider: "paypal",
            id: `refund:${refund.id}`,
            type: WITHDRAWAL_REFUND,
            paymentId: payment.id,
            outcome: "withdrawal payout",
            payload: { withdrawalId: r.withdrawalId, amount, refundId: refund.id },
          });
          if (recorded) await addRefunded(tx, payment.id, amount);
          return recorded;
        });
        // Not recorded: PayPal answered with a refund an earlier attempt counted already.
        if (!recorded) continue;
        paid += amount;
        refs.push(refund.id);
      }
      return { paid, reference: refs.length ? `paypal:${refs.join(",")}` : "" };
    },
  };
}
