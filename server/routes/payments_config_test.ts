import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { call, expectJson } from "../users/testing.ts";
import { DEPOSIT_PRESETS, paymentsConfig } from "./payments_config.ts";

const BASE = { SANDBOX_DEPOSITS: true, CURRENCY: "USD" };

Deno.test("paymentsConfig() offers only the sandbox when no provider has credentials", () => {
  assert.deepEqual(paymentsConfig(BASE), {
    providers: ["sandbox"],
    stripePublishableKey: null,
    paypalClientId: null,
    demo: true,
    currency: "USD",
    presets: [...DEPOSIT_PRESETS],
  });
});

Deno.test("paymentsConfig() offers Stripe only with both keys, and never the secret", () => {
  const half = paymentsConfig({ ...BASE, STRIPE_PUBLISHABLE_KEY: "pk_test_1" });
  assert.deepEqual(half.providers, ["sandbox"]);
  assert.equal(half.stripePublishableKey, null);
  const both = paymentsConfig({
    ...BASE,
    STRIPE_PUBLISHABLE_KEY: "pk_test_1",
    STRIPE_SECRET_KEY: "sk_test_secret",
  });
  assert.deepEqual(both.providers, ["stripe", "sandbox"]);
  assert.equal(both.stripePublishableKey, "pk_test_1");
  assert.ok(!JSON.stringify(both).includes("sk_test_secret"));
});

Deno.test("paymentsConfig() offers PayPal with its client id and secret; sandbox off is not demo", () => {
  const c = paymentsConfig({
    SANDBOX_DEPOSITS: false,
    CURRENCY: "EUR",
    PAYPAL_CLIENT_ID: "client-1",
    PAYPAL_CLIENT_SECRET: "paypal-secret",
  });
  assert.deepEqual(c.providers, ["paypal"]);
  assert.equal(c.paypalClientId, "client-1");
  assert.equal(c.demo, false);
  assert.equal(c.currency, "EUR");
  assert.ok(!JSON.stringify(c).includes("paypal-secret"));
});

Deno.test("GET /api/payments/config answers anyone with the public config", async () => {
  const { app, close } = await createTestApp("pglite");
  try {
    const body = await expectJson(await call(app, "GET", "/api/payments/config"), 200);
    assert.deepEqual(body, {
      providers: ["sandbox"],
      stripePublishableKey: null,
      paypalClientId: null,
      demo: true,
      currency: "USD",
      presets: [500, 1000, 2500, 5000],
    });
  } finally {
    await close();
  }
});
