/**
 * What a verified PayPal webhook event does, each recorded once by event id
 * in the same transaction as the money it moves:
 * - `PAYMENT.CAPTURE.COMPLETED`: credits the order's deposit (the browser
 *   may never have come back to confirm the capture); nothing if credited.
 * - `PAYMENT.CAPTURE.REFUNDED` / `PAYMENT.CAPTURE.REVERSED`: takes the money
 *   back through the shared core (`clawBack`: the user's balance, the rest
 *   as debt), except refunds the product made itself to pay a withdrawal
 *   (invoice id `withdrawal:<id>`, or a refund id it recorded): that money
 *   left with the withdrawal's hold. A refund that arrives before the
 *   capture was credited (out of order) first credits the capture, read
 *   from PayPal, then takes the refund back.
 * - `PAYMENT.CAPTURE.DENIED`: a deposit not credited yet is marked failed.
 * - anything else: recorded, nothing moved.
 */
import type { Sql, SqlOrTx } from "../../db.ts";
import type { Ledger } from "../../ledger/ledger.ts";
import {
  clawBack,
  failPayment,
  findPayment,
  type Payment,
  recordEvent,
  setEventOutcome,
} from "../payments.ts";
import { fromPaypalValue, type PaypalApi } from "./client.ts";
import { creditCapture } from "./deposit.ts";

export interface PaypalEvent {
  id: string;
  event_type: string;
  resource?: {
    id?: string;
    status?: string;
    amount?: { value: string; currency_code: string };
    invoice_id?: string;
    supplementary_data?: { related_ids?: { order_id?: string } };
    links?: { href: string; rel: string }[];
  };
}

export interface PaypalWebhookDeps {
  sql: Sql;
  ledger: Ledger;
  api: PaypalApi | null;
}

/** The capture a refund or reversal is against (its `up` link). */
function upCaptureId(event: PaypalEvent): string | null {
  const up = event.resource?.links?.find((l) => l.rel === "up")?.href ?? "";
  return up.match(/\/v2\/payments\/captures\/([A-Za-z0-9-]+)$/)?.[1] ?? null;
}

async function paymentOfCapture(sql: SqlOrTx, captureId: string): Promise<Payment | null> {
  const [row] = await sql<{ id: string }[]>`
    select id from payments where provider = 'paypal' and capture_ref = ${captureId}`;
  return row ? await findPayment(sql, { id: row.id }) : null;
}

/** What an event came to (also stored as its outcome), and whose wallet it changed. */
export interface PaypalEventResult {
  outcome: string;
  /** The user whose money moved, or null. */
  moved: string | null;
}

/** Applies a verified event. */
export async function handlePaypalEvent(
  deps: PaypalWebhookDeps,
  event: PaypalEvent,
): Promise<PaypalEventResult> {
  let moved: string | null = null;
  const outcome = await applyEvent(deps, event, (userId) => moved = userId);
  return { outcome, moved };
}

async function applyEvent(
  deps: PaypalWebhookDeps,
  event: PaypalEvent,
  moved: (userId: string) => void,
): Promise<string> {
  const e = { provider: "paypal" as const, id: event.id, type: event.event_type, payload: event };
  const r = event.resource ?? {};
  if (event.event_type === "PAYMENT.CAPTURE.COMPLETED" && r.id && r.amount) {
    const orderId = r.supplementary_data?.related_ids?.order_id;
    const payment = orderId
      ? await findPayment(deps.sql, { provider: "paypal", providerRef: orderId })
      : null;
    const capture = {
      id: r.id,
      status: r.status ?? "",
      currency: r.amount.currency_code,
      amount: fromPaypalValue(r.amount.value, r.amount.currency_code),
    };
    return await deps.sql.begin(async (tx) => {
      if (!(await recordEvent(tx, { ...e, paymentId: payment?.id }))) return "duplicate";
      if (!payment) return outcome(tx, "unknown order");
      if (capture.amount !== payment.amount || capture.currency !== payment.currency) {
        // Recorded for staff to look at; answered 200 so PayPal does not retry it forever.
        return outcome(tx, "amount mismatch");
      }
      const credited = await creditCapture(tx, deps.ledger, payment, capture, event);
      if (credited) moved(payment.userId);
      return outcome(tx, credited ? "credited" : "already credited");
    });
  }
  if (
    (event.event_type === "PAYMENT.CAPTURE.REFUNDED" ||
      event.event_type === "PAYMENT.CAPTURE.REVERSED") && r.id && r.amount
  ) {
    const captureId = upCaptureId(event);
    const payment = captureId ? await resolveCapture(deps, captureId) : null;
    const amount = fromPaypalValue(r.amount.value, r.amount.currency_code);
    return await deps.sql.begin(async (tx) => {
      if (!(await recordEvent(tx, { ...e, paymentId: payment?.id }))) return "duplicate";
      if (!payment) return outcome(tx, "unknown capture");
      if (r.invoice_id?.startsWith("withdrawal:") || (await ownRefund(tx, r.id!))) {
        return outcome(tx, "withdrawal payout");
      }
      const back = await clawBack(tx, deps.ledger, {
        paymentId: payment.id,
        amount,
        idPrefix: `paypal-refund:${r.id}`,
        code: "chargeback",
      });
      if (back.applied) moved(payment.userId);
      return outcome(
        tx,
        back.applied ? `taken back ${back.fromUser}, owed ${back.toDebt}` : "nothing to take back",
      );
    });
  }
  if (event.event_type === "PAYMENT.CAPTURE.DENIED") {
    const orderId = r.supplementary_data?.related_ids?.order_id;
    const payment = orderId
      ? await findPayment(deps.sql, { provider: "paypal", providerRef: orderId })
      : null;
    return await deps.sql.begin(async (tx) => {
      if (!(await recordEvent(tx, { ...e, paymentId: payment?.id }))) return "duplicate";
      // Denied after it was credited changes nothing here: a reversal event follows.
      const failed = payment &&
        await failPayment(tx, payment.id, "failed", "PayPal denied the capture");
      return outcome(tx, failed ? "failed" : "nothing to fail");
    });
  }
  return await deps.sql.begin(async (tx) =>
    (await recordEvent(tx, { ...e, outcome: "ignored" })) ? "ignored" : "duplicate"
  );

  async function outcome(tx: SqlOrTx, text: string) {
    await setEventOutcome(tx, e, text);
    return text;
  }
}

/** Whether refund `refundId` is one the product made for a withdrawal (server/payments/paypal/payout.ts). */
async function ownRefund(tx: SqlOrTx, refundId: string): Promise<boolean> {
  const rows = await tx`
    select 1 from payment_events where provider = 'paypal' and event_id = ${`refund:${refundId}`}`;
  return rows.length > 0;
}

/**
 * The deposit of `captureId`; when none is credited with it yet (the refund
 * came before the capture's own event), asks PayPal for the capture and
 * credits its order's deposit first.
 */
async function resolveCapture(deps: PaypalWebhookDeps, captureId: string): Promise<Payment | null> {
  const known = await paymentOfCapture(deps.sql, captureId);
  if (known || !deps.api) return known;
  const capture = await deps.api.getCapture(captureId);
  if (!capture.orderId) return null;
  const payment = await findPayment(deps.sql, { provider: "paypal", providerRef: capture.orderId });
  if (!payment) return null;
  // A capture later refunded or reversed was completed first: credit that, then take it back.
  await deps.sql.begin((tx) =>
    creditCapture(tx, deps.ledger, payment, { ...capture, status: "COMPLETED" }, { capture })
  );
  return await findPayment(deps.sql, { id: payment.id });
}
