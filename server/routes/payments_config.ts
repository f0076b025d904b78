/**
 * `GET /api/payments/config` (public): what the deposit screen may offer —
 * the providers that are configured (the sandbox while SANDBOX_DEPOSITS is
 * on, Stripe with both its keys, PayPal with its client id and secret), the
 * public keys the browser needs (never a secret), whether money is demo
 * money, the currency and the one-tap amounts.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApi, createRoute, json, z } from "../api.ts";
import type { ServerConfig } from "../config.ts";
import type { AppDeps } from "../context.ts";

/** One-tap deposit amounts (minor units): $5, $10, $25, $50. */
export const DEPOSIT_PRESETS: readonly number[] = [500, 1000, 2500, 5000];

const Provider = z.enum(["sandbox", "stripe", "paypal"]);

const PaymentsConfigSchema = z.object({
  providers: z.array(Provider).openapi({
    description: "Deposit providers that are on, in this order",
  }),
  stripePublishableKey: z.string().nullable(),
  paypalClientId: z.string().nullable(),
  demo: z.boolean().openapi({ description: "Sandbox money is on: it is demo money" }),
  currency: z.string(),
  presets: z.array(z.number().int()).openapi({ description: "One-tap amounts, minor units" }),
}).openapi("PaymentsConfig");

export type PaymentsConfig = z.infer<typeof PaymentsConfigSchema>;

/**
 * The settings it reads. The providers' keys are declared by their own
 * parts of server/config.ts (Stripe's, PayPal's); a config without them has
 * neither provider on.
 */
export type PaymentSettings = Pick<ServerConfig, "SANDBOX_DEPOSITS" | "CURRENCY"> & {
  STRIPE_SECRET_KEY?: string;
  STRIPE_PUBLISHABLE_KEY?: string;
  PAYPAL_CLIENT_ID?: string;
  PAYPAL_CLIENT_SECRET?: string;
};

/** The public payments config of a server config. Pure. */
export function paymentsConfig(config: PaymentSettings): PaymentsConfig {
  const stripe = Boolean(config.STRIPE_SECRET_KEY && config.STRIPE_PUBLISHABLE_KEY);
  const paypal = Boolean(config.PAYPAL_CLIENT_ID && config.PAYPAL_CLIENT_SECRET);
  const providers: PaymentsConfig["providers"] = [];
  if (stripe) providers.push("stripe");
  if (paypal) providers.push("paypal");
  if (config.SANDBOX_DEPOSITS) providers.push("sandbox");
  return {
    providers,
    stripePublishableKey: stripe ? config.STRIPE_PUBLISHABLE_KEY! : null,
    paypalClientId: paypal ? config.PAYPAL_CLIENT_ID! : null,
    demo: config.SANDBOX_DEPOSITS,
    currency: config.CURRENCY,
    presets: [...DEPOSIT_PRESETS],
  };
}

const route = createRoute({
  method: "get",
  path: "/payments/config",
  tags: ["Wallet"],
  summary: "Deposit providers and the browser's public keys",
  "x-roles": ["public"],
  responses: { 200: json(PaymentsConfigSchema, "The payments config") },
});

export function paymentsConfigRoutes({ config }: AppDeps): OpenAPIHono {
  const body = paymentsConfig(config as PaymentSettings);
  return createApi().openapi(route, (c) => c.json(body, 200));
}
