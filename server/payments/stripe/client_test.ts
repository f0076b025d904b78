import assert from "node:assert/strict";
import { DomainError } from "../../../core/errors.ts";
import { loadServerConfig } from "../../config.ts";
import { createStripeGateway } from "./client.ts";
import { stripeSignature } from "./fake_webhooks.ts";

const SECRET = "whsec_test_0123456789";

Deno.test("Stripe is off without a secret key, and a key without a webhook secret is refused at start", () => {
  assert.equal(createStripeGateway(loadServerConfig({})), null);
  assert.throws(
    () => loadServerConfig({ STRIPE_SECRET_KEY: "sk_test_0123456789" }),
    /STRIPE_WEBHOOK_SECRET must be set/,
  );
});

Deno.test("the gateway accepts Stripe's signature and refuses a missing, forged or stale one as bad_signature", async () => {
  const stripe = createStripeGateway(loadServerConfig({
    STRIPE_SECRET_KEY: "sk_test_0123456789",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: "http://127.0.0.1:9",
  }))!;
  const body = JSON.stringify({ id: "evt_1", object: "event", type: "payment_intent.succeeded" });
  const now = Math.floor(Date.now() / 1000);
  const event = await stripe.verify(body, await stripeSignature(body, SECRET, now));
  assert.equal(event.id, "evt_1");
  const refused = async (signature: string | undefined, payload = body) => {
    const err = await stripe.verify(payload, signature).catch((e) => e);
    assert.ok(err instanceof DomainError && err.code === "bad_signature", String(err));
  };
  await refused(undefined);
  await refused("");
  await refused("t=1,v1=00");
  await refused(await stripeSignature(body, "whsec_someone_else_0", now));
  await refused(await stripeSignature(body, SECRET, now - 301));
  await refused(await stripeSignature(body, SECRET, now), body.replace("evt_1", "evt_2"));
});
