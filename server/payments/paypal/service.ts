/**
 * The process's PayPal, made once from config: the SDK client (null when
 * PAYPAL_CLIENT_ID/SECRET are unset: PayPal is off), the webhook verifier
 * (null without PAYPAL_WEBHOOK_ID) and the payout provider withdrawals use.
 */
import type { ServerConfig } from "../../config.ts";
import type { Sql } from "../../db.ts";
import type { PayoutProvider } from "../provider.ts";
import { createPaypalApi, type PaypalApi } from "./client.ts";
import { createPaypalPayout } from "./payout.ts";
import { createPaypalVerifier } from "./webhook_verify.ts";

export interface Paypal {
  api: PaypalApi | null;
  verify: ReturnType<typeof createPaypalVerifier> | null;
}

const made = new WeakMap<object, Paypal>();

/** The PayPal of `deps.config` (made on first use, then shared). */
export function paypalOf(deps: { config: Readonly<ServerConfig> }): Paypal {
  let p = made.get(deps.config);
  if (!p) {
    const c = deps.config;
    p = {
      api: createPaypalApi(c),
      verify: c.PAYPAL_WEBHOOK_ID
        ? createPaypalVerifier({ webhookId: c.PAYPAL_WEBHOOK_ID, apiBase: c.PAYPAL_API_BASE })
        : null,
    };
    made.set(deps.config, p);
  }
  return p;
}

/** The PayPal payout provider (refunds of earlier captures), or null when PayPal is off. */
export function paypalPayoutOf(
  deps: { config: Readonly<ServerConfig>; db: { sql: Sql } },
): PayoutProvider | null {
  const { api } = paypalOf(deps);
  return api ? createPaypalPayout({ sql: deps.db.sql, api }) : null;
}
