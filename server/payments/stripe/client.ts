/**
 * Stripe through its official SDK. `STRIPE_API_BASE` (tests: the fake Stripe
 * server) points the SDK elsewhere through its documented `host`, `port` and
 * `protocol` options; paths, form encoding, auth and idempotency keys stay
 * the SDK's. Webhook signatures are checked by the SDK too
 * (`webhooks.constructEventAsync` with the Web Crypto provider).
 */
import Stripe from "stripe";
import { DomainError } from "../../../core/errors.ts";
import type { ServerConfig } from "../../config.ts";

export type StripeConfig = Pick<
  ServerConfig,
  | "STRIPE_SECRET_KEY"
  | "STRIPE_WEBHOOK_SECRET"
  | "STRIPE_PUBLISHABLE_KEY"
  | "STRIPE_API_BASE"
  | "STRIPE_WEBHOOK_TOLERANCE_S"
  | "CURRENCY"
>;

export interface StripeGateway {
  readonly sdk: Stripe;
  readonly publishableKey: string | null;
  /** Stripe's spelling of the ledger currency (lower case). */
  readonly currency: string;
  /** The event in `payload` if `signature` is Stripe's for it; throws `bad_signature` otherwise. */
  verify(payload: string, signature: string | undefined): Promise<Stripe.Event>;
}

/** How many times the SDK retries a request that failed in transit (with the same idempotency key). */
const NETWORK_RETRIES = 2;

/** The Stripe gateway of `config`, or null when Stripe is not configured (deposits through it are off). */
export function createStripeGateway(config: StripeConfig): StripeGateway | null {
  const { STRIPE_SECRET_KEY: key, STRIPE_WEBHOOK_SECRET: secret } = config;
  if (!key || !secret) return null;
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
  const sdk = new Stripe(key, {
    maxNetworkRetries: NETWORK_RETRIES,
    timeout: 20_000,
    telemetry: false,
    httpClient: Stripe.createFetchHttpClient(),
    ...(base
      ? {
        host: base.hostname,
        port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
        protocol: base.protocol === "https:" ? "https" : "http",
      }
      : {}),
  });
  const crypto = Stripe.createSubtleCryptoProvider();
  return {
    sdk,
    publishableKey: config.STRIPE_PUBLISHABLE_KEY ?? null,
    currency: config.CURRENCY.toLowerCase(),
    async verify(payload, signature) {
      if (!signature) throw new DomainError("bad_signature", "Missing Stripe-Signature header");
      try {
        return await sdk.webhooks.constructEventAsync(
          payload,
          signature,
          secret,
          config.STRIPE_WEBHOOK_TOLERANCE_S,
          crypto,
        );
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw new DomainError("bad_signature", "Stripe-Signature does not match the body");
        }
        throw err;
      }
    },
  };
}

/** A Stripe API failure as a domain error: the provider refused or could not be reached. */
export function providerError(err: unknown): DomainError {
  if (err instanceof Stripe.errors.StripeError) {
    return new DomainError("provider_failed", `Stripe answered "${err.message}"`, {
      stripeType: err.type,
    });
  }
  return err instanceof DomainError ? err : new DomainError("provider_failed", String(err));
}
