/**
 * PayPal through its official server SDK (`@paypal/paypal-server-sdk`):
 * orders (create, capture) and capture refunds, each with a
 * `PayPal-Request-Id` so a retry after a lost answer gets PayPal's first
 * answer back instead of a second order, capture or refund.
 *
 * The SDK has no base-URL option (its `Environment` enum maps to PayPal's
 * two hosts). `PAYPAL_API_BASE` (tests: the fake PayPal) is reached through
 * the SDK's supported `httpClientOptions.httpsAgent`: an agent whose
 * connections go to that address; paths, headers, auth and bodies stay the
 * SDK's.
 */
import {
  ApiError,
  CheckoutPaymentIntent,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
} from "@paypal/paypal-server-sdk";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { DomainError } from "../../../core/problem.ts";
import type { ServerConfig } from "../../config.ts";

export type PaypalConfig = Pick<
  ServerConfig,
  | "PAYPAL_CLIENT_ID"
  | "PAYPAL_CLIENT_SECRET"
  | "PAYPAL_ENVIRONMENT"
  | "PAYPAL_API_BASE"
  | "PAYPAL_WEBHOOK_ID"
>;

export interface PaypalOrder {
  id: string;
  status: string;
  approveUrl: string | null;
  /** The capture of a completed order: its id, amount (minor units) and currency. */
  capture: { id: string; status: string; amount: number; currency: string } | null;
}

export interface PaypalApi {
  createOrder(
    o: { amount: number; currency: string; requestId: string; paymentId: string },
  ): Promise<PaypalOrder>;
  getOrder(orderId: string): Promise<PaypalOrder>;
  /** Captures an approved order; `paypal_order_not_approved` when the buyer has not approved it. */
  captureOrder(orderId: string, requestId: string): Promise<PaypalOrder>;
  /** A capture: its order, amount (minor units), currency and status. */
  getCapture(captureId: string): Promise<
    { id: string; orderId: string | null; status: string; amount: number; currency: string }
  >;
  refundCapture(r: {
    captureId: string;
    amount: number;
    currency: string;
    requestId: string;
    invoiceId: string;
  }): Promise<{ id: string; status: string }>;
}

/** Decimal places of `currency` as PayPal writes amounts (2 for USD, 0 for JPY). */
function decimals(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
}

/** Minor units → PayPal's decimal string (`1050`, `USD` → `"10.50"`). */
export function toPaypalValue(amount: number, currency: string): string {
  const d = decimals(currency);
  return (amount / 10 ** d).toFixed(d);
}

/** PayPal's decimal string → minor units. */
export function fromPaypalValue(value: string, currency: string): number {
  return Math.round(Number(value) * 10 ** decimals(currency));
}

/** An agent sending every connection to `base` (plain TCP for `http:`, TLS for `https:`). */
class BaseAgent extends https.Agent {
  readonly #base: URL;
  constructor(base: string) {
    super({ keepAlive: false });
    this.#base = new URL(base);
  }
  createConnection() {
    const host = this.#base.hostname;
    if (this.#base.protocol === "http:") {
      return net.connect(Number(this.#base.port || 80), host);
    }
    return tls.connect({ host, port: Number(this.#base.port || 443), servername: host });
  }
}

/** True when PayPal is configured (client id and secret). */
export function paypalConfigured(config: PaypalConfig): boolean {
  return !!config.PAYPAL_CLIENT_ID && !!config.PAYPAL_CLIENT_SECRET;
}

/** Maps an SDK failure to a domain error; PayPal's issue code is kept in `extra.issue`. */
function failure(err: unknown): never {
  if (err instanceof ApiError) {
    const body = err.result as { details?: { issue?: string }[]; name?: string } | undefined;
    const issue = body?.details?.[0]?.issue ?? body?.name ?? "UNKNOWN";
    if (issue === "ORDER_NOT_APPROVED") {
      throw new DomainError(
        "paypal_order_not_approved",
        "The buyer has not approved this PayPal order yet",
      );
    }
    if (err.statusCode >= 500 || err.statusCode === 401 || err.statusCode === 429) {
      throw new DomainError("provider_failed", `PayPal answered ${err.statusCode}`, {
        issue,
        permanent: false,
      });
    }
    throw new DomainError("paypal_refused", `PayPal refused the request: "${issue}"`, {
      issue,
      permanent: true,
    });
  }
  throw new DomainError("provider_failed", "PayPal could not be reached", { permanent: false });
}

// deno-lint-ignore no-explicit-any
function toOrder(o: any): PaypalOrder {
  const capture = o.purchaseUnits?.[0]?.payments?.captures?.[0];
  return {
    id: o.id,
    status: o.status,
    // deno-lint-ignore no-explicit-any
    approveUrl: o.links?.find((l: any) => l.rel === "approve" || l.rel === "payer-action")?.href ??
      null,
    capture: capture
      ? {
        id: capture.id,
        status: capture.status,
        currency: capture.amount.currencyCode,
        amount: fromPaypalValue(capture.amount.value, capture.amount.currencyCode),
      }
      : null,
  };
}

/** The PayPal API of `config`, or null when PayPal is not configured. */
export function createPaypalApi(config: PaypalConfig): PaypalApi | null {
  if (!paypalConfigured(config)) return null;
  const client = new Client({
    environment: config.PAYPAL_ENVIRONMENT === "production"
      ? Environment.Production
      : Environment.Sandbox,
    clientCredentialsAuthCredentials: {
      oAuthClientId: config.PAYPAL_CLIENT_ID!,
      oAuthClientSecret: config.PAYPAL_CLIENT_SECRET!,
    },
    timeout: 15_000,
    ...(config.PAYPAL_API_BASE
      ? { httpClientOptions: { httpsAgent: new BaseAgent(config.PAYPAL_API_BASE) } }
      : {}),
  });
  const orders = new OrdersController(client);
  const payments = new PaymentsController(client);
  return {
    async createOrder({ amount, currency, requestId, paymentId }) {
      const res = await orders.createOrder({
        paypalRequestId: requestId,
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [{
            referenceId: paymentId,
            customId: paymentId,
            amount: { currencyCode: currency, value: toPaypalValue(amount, currency) },
          }],
        },
      }).catch(failure);
      return toOrder(res.result);
    },
    async getOrder(orderId) {
      return toOrder((await orders.getOrder({ id: orderId }).catch(failure)).result);
    },
    async captureOrder(orderId, requestId) {
      const res = await orders.captureOrder({ id: orderId, paypalRequestId: requestId })
        .catch(failure);
      return toOrder(res.result);
    },
    async getCapture(captureId) {
      const c = (await payments.getCapturedPayment({ captureId }).catch(failure)).result;
      return {
        id: c.id!,
        orderId: c.supplementaryData?.relatedIds?.orderId ?? null,
        status: c.status!,
        currency: c.amount!.currencyCode,
        amount: fromPaypalValue(c.amount!.value, c.amount!.currencyCode),
      };
    },
    async refundCapture({ captureId, amount, currency, requestId, invoiceId }) {
      const res = await payments.refundCapturedPayment({
        captureId,
        paypalRequestId: requestId,
        body: {
          amount: { currencyCode: currency, value: toPaypalValue(amount, currency) },
          invoiceId,
        },
      }).catch(failure);
      return { id: res.result.id!, status: res.result.status! };
    },
  };
}
