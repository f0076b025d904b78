/**
 * Reconciliation: lists the PaymentIntents Stripe made recently and credits
 * each succeeded one whose deposit is not credited yet (a webhook lost or
 * never delivered), through the same credit-once path as the webhook (the
 * event recorded is `reconcile:<intent id>`), so a webhook that arrives
 * after it credits nothing, and a second run credits nothing either.
 */
import { findPayment } from "../payments.ts";
import { providerError } from "./client.ts";
import { creditIntent, type StripeEventDeps } from "./events.ts";

/** How far back a run looks: Stripe tries a webhook for up to three days. */
export const RECONCILE_LOOKBACK_S = 3 * 24 * 3600;

export interface ReconcileResult {
  /** Succeeded intents looked at. */
  checked: number;
  /** Deposits credited by this run. */
  credited: number;
}

export async function reconcileStripe(
  d: StripeEventDeps,
  o: { now?: Date; lookbackS?: number } = {},
): Promise<ReconcileResult> {
  const since = Math.floor((o.now ?? new Date()).getTime() / 1000) -
    (o.lookbackS ?? RECONCILE_LOOKBACK_S);
  const result: ReconcileResult = { checked: 0, credited: 0 };
  try {
    for await (
      const pi of d.stripe.sdk.paymentIntents.list({ created: { gte: since }, limit: 100 })
    ) {
      if (pi.status !== "succeeded") continue;
      result.checked++;
      const known = await findPayment(d.sql, { provider: "stripe", providerRef: pi.id });
      if (known?.state === "succeeded") continue;
      const { credited } = await d.sql.begin((tx) =>
        creditIntent(tx, d.ledger, pi, {
          provider: "stripe",
          id: `reconcile:${pi.id}`,
          type: "reconcile.payment_intent.succeeded",
          payload: pi,
        })
      );
      if (credited) result.credited++;
    }
  } catch (err) {
    throw providerError(err);
  }
  return result;
}
