import assert from "node:assert/strict";
import Stripe from "stripe";
import { startFakeStripe } from "./fake_stripe.ts";

function sdk(fake: ReturnType<typeof startFakeStripe>, key = fake.secretKey) {
  return new Stripe(key, {
    ...fake.sdkOptions,
    maxNetworkRetries: 0,
    httpClient: Stripe.createFetchHttpClient(),
  });
}

/** Runs `fn` with a fake Stripe and an SDK pointed at it, then closes the fake. */
async function withFake(
  fn: (fake: ReturnType<typeof startFakeStripe>, s: Stripe) => Promise<void>,
) {
  const fake = startFakeStripe();
  try {
    await fn(fake, sdk(fake));
  } finally {
    await fake.close();
  }
}

Deno.test("the fake Stripe checks the secret key as Stripe does", () =>
  withFake(async (fake) => {
    const err = await sdk(fake, "sk_test_wrong0000").paymentIntents.list().catch((e) => e);
    assert.ok(err instanceof Stripe.errors.StripeAuthenticationError);
    assert.equal(err.statusCode, 401);
  }));

Deno.test("the fake Stripe answers an idempotency key again with the first answer, other parameters with idempotency_error", () =>
  withFake(async (fake, s) => {
    const params = { amount: 1000, currency: "usd", metadata: { paymentId: "p1" } };
    const a = await s.paymentIntents.create(params, { idempotencyKey: "deposit:p1" });
    const b = await s.paymentIntents.create(params, { idempotencyKey: "deposit:p1" });
    assert.equal(b.id, a.id);
    assert.equal(fake.intents.size, 1);
    const err = await s.paymentIntents.create({ ...params, amount: 2000 }, {
      idempotencyKey: "deposit:p1",
    })
      .catch((e) => e);
    assert.ok(err instanceof Stripe.errors.StripeIdempotencyError);
    assert.equal(err.statusCode, 400);
    const small = await s.paymentIntents.create({ amount: 10, currency: "usd" }).catch((e) => e);
    assert.equal(small.code, "amount_too_small");
  }));

Deno.test("the fake Stripe lists intents newest first, filtered by created and paged with starting_after", () =>
  withFake(async (fake, s) => {
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await s.paymentIntents.create({ amount: 100 + i, currency: "usd" })).id);
    }
    fake.backdate(ids[0], 1000);
    const page = await s.paymentIntents.list({ limit: 2, created: { gte: 2000 } });
    assert.deepEqual(page.data.map((p) => p.id), [ids[4], ids[3]]);
    assert.equal(page.has_more, true);
    const all = [];
    for await (const pi of s.paymentIntents.list({ limit: 2, created: { gte: 2000 } })) {
      all.push(pi.id);
    }
    assert.deepEqual(all, [ids[4], ids[3], ids[2], ids[1]]);
  }));

Deno.test("the fake Stripe refuses a refund above what is left of the charge", () =>
  withFake(async (fake, s) => {
    const pi = await s.paymentIntents.create({ amount: 1000, currency: "usd" });
    const early = await s.refunds.create({ payment_intent: pi.id }).catch((e) => e);
    assert.equal(early.code, "charge_not_refundable");
    fake.succeed(pi.id);
    await s.refunds.create({ payment_intent: pi.id, amount: 600 });
    const over = await s.refunds.create({ payment_intent: pi.id, amount: 500 }).catch((e) => e);
    assert.equal(over.code, "amount_too_large");
    const rest = await s.refunds.create({ payment_intent: pi.id });
    assert.equal(rest.amount, 400);
  }));

Deno.test("the fake Stripe signs webhooks the SDK verifies and retries them until a 2xx", async () => {
  let calls = 0;
  const verified: string[] = [];
  const fake = startFakeStripe({ backoffMs: () => 1, maxAttempts: 4 });
  const endpoint = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    calls++;
    const body = await req.text();
    const event = await Stripe.webhooks.constructEventAsync(
      body,
      req.headers.get("stripe-signature")!,
      fake.webhookSecret,
      300,
      Stripe.createSubtleCryptoProvider(),
    );
    verified.push(event.type);
    return new Response(null, { status: calls < 3 ? 503 : 200 });
  });
  try {
    fake.webhooks.setUrl(`http://127.0.0.1:${endpoint.addr.port}/`);
    const pi = await sdk(fake).paymentIntents.create({ amount: 500, currency: "usd" });
    fake.succeed(pi.id);
    await fake.webhooks.settle();
    assert.deepEqual(fake.webhooks.deliveries.map((d) => [d.attempt, d.status]), [[1, 503], [
      2,
      503,
    ], [3, 200]]);
    assert.deepEqual(verified, [
      "payment_intent.succeeded",
      "payment_intent.succeeded",
      "payment_intent.succeeded",
    ]);
  } finally {
    await fake.close();
    await endpoint.shutdown();
  }
});
