/**
 * PayPal deposits (Orders v2): `startPaypalDeposit` checks the user may
 * deposit, commits a `payments` row, then creates the order with
 * `PayPal-Request-Id` `deposit:<payment id>` (a retry gets the same order);
 * the buyer approves it on PayPal; `capturePaypalDeposit` captures it
 * (`PayPal-Request-Id` `capture:<payment id>`) and credits the wallet once
 * through the shared core, keyed by the capture id — so a second capture
 * call, the `PAYMENT.CAPTURE.COMPLETED` webhook and a retry credit nothing twice.
 */
import { DomainError } from "../../../core/problem.ts";
import type { Sql, SqlOrTx } from "../../db.ts";
import type { Ledger } from "../../ledger/ledger.ts";
import { notifyDeposit } from "../../sms/notify.ts";
import { startPayment } from "../start.ts";
import {
  creditPayment,
  failPayment,
  findPayment,
  type Payment,
  setProviderRef,
} from "../payments.ts";
import type { PaypalApi, PaypalOrder } from "./client.ts";

export interface PaypalDepositDeps {
  sql: Sql;
  ledger: Ledger;
  /** null when PayPal is not configured. */
  api: PaypalApi | null;
}

export interface DepositView {
  id: string;
  amount: number;
  provider: "paypal";
  demo: false;
  state: Payment["state"];
}

const view = (p: Payment): DepositView => ({
  id: p.id,
  amount: p.amount,
  provider: "paypal",
  demo: false,
  state: p.state,
});

export function requirePaypal(api: PaypalApi | null): PaypalApi {
  if (!api) throw new DomainError("provider_unavailable", "PayPal is not configured here");
  return api;
}

/** Starts a deposit: the payment row and its PayPal order; the buyer then approves at `approveUrl`. */
export async function startPaypalDeposit(
  deps: PaypalDepositDeps,
  input: { userId: string; amount: number; idempotencyKey?: string },
): Promise<
  { deposit: DepositView; paypal: { orderId: string; approveUrl: string | null }; created: boolean }
> {
  const api = requirePaypal(deps.api);
  const { payment, created } = await startPayment(deps.sql, {
    userId: input.userId,
    provider: "paypal",
    amount: input.amount,
    currency: deps.ledger.currency,
    idempotencyKey: input.idempotencyKey,
  });
  const order = await api.createOrder({
    amount: payment.amount,
    currency: payment.currency,
    requestId: `deposit:${payment.id}`,
    paymentId: payment.id,
  }).catch(async (err) => {
    // PayPal refused the order for good: the deposit failed (a retry cannot help).
    if (err instanceof DomainError && err.extra?.permanent === true) {
      await failPayment(deps.sql, payment.id, "failed", err.message);
    }
    throw err;
  });
  await setProviderRef(deps.sql, payment.id, order.id);
  return {
    deposit: view(payment),
    paypal: { orderId: order.id, approveUrl: order.approveUrl },
    created,
  };
}

/**
 * Credits `payment` for `capture` once (event `capture:<capture id>`), after
 * checking the capture is complete and for the payment's amount and
 * currency. Call inside a transaction.
 */
export async function creditCapture(
  tx: SqlOrTx,
  ledger: Ledger,
  payment: Payment,
  capture: { id: string; status: string; amount: number; currency: string },
  payload: unknown,
): Promise<boolean> {
  if (capture.status !== "COMPLETED") return false;
  if (capture.amount !== payment.amount || capture.currency !== payment.currency) {
    throw new DomainError(
      "payment_mismatch",
      `PayPal capture "${capture.id}" is not for the amount of payment "${payment.id}"`,
    );
  }
  const { credited } = await creditPayment(tx, ledger, {
    paymentId: payment.id,
    event: { provider: "paypal", id: `capture:${capture.id}`, type: "CAPTURE", payload },
    captureRef: capture.id,
  });
  if (credited) {
    await notifyDeposit(tx, {
      userId: payment.userId,
      paymentId: payment.id,
      amount: payment.amount,
      currency: payment.currency,
    });
  }
  return credited;
}

/**
 * Captures the user's approved PayPal order and credits it once. A deposit
 * already credited (by an earlier capture or the webhook) answers as it is.
 */
export async function capturePaypalDeposit(
  deps: PaypalDepositDeps,
  input: { userId: string; paymentId: string },
): Promise<{ deposit: DepositView; credited: boolean }> {
  const api = requirePaypal(deps.api);
  const payment = await findPayment(deps.sql, { id: input.paymentId });
  if (!payment || payment.userId !== input.userId || payment.provider !== "paypal") {
    throw new DomainError("unknown_deposit", `Cannot find deposit "${input.paymentId}"`);
  }
  if (payment.state === "succeeded") return { deposit: view(payment), credited: false };
  if (!payment.providerRef) {
    throw new DomainError("paypal_order_not_approved", "This deposit has no PayPal order yet");
  }
  let order: PaypalOrder = await api.captureOrder(payment.providerRef, `capture:${payment.id}`)
    .catch(async (err) => {
      // Captured by another way (the order completed before this call): read it instead.
      if (err instanceof DomainError && err.extra?.issue === "ORDER_ALREADY_CAPTURED") {
        return await api.getOrder(payment.providerRef!);
      }
      throw err;
    });
  if (order.id !== payment.providerRef) order = await api.getOrder(payment.providerRef);
  const capture = order.capture;
  if (!capture) return { deposit: view(payment), credited: false };
  const credited = await deps.sql.begin((tx) =>
    creditCapture(tx, deps.ledger, payment, capture, { orderId: order.id, capture })
  );
  const now = await findPayment(deps.sql, { id: payment.id });
  return { deposit: view(now!), credited };
}
