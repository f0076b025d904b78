/**
 * Test helpers for Stripe: the app over a test database with Stripe set up
 * against the fake Stripe server, served on a local port so the fake's
 * webhooks reach `POST /api/webhooks/stripe` over HTTP, and a bettor who
 * deposits through the API.
 */
import assert from "node:assert/strict";
import { checkLedger } from "../../ledger/check.ts";
import type { DbKind } from "../../db.ts";
import { createTestApp } from "../../testing.ts";
import { startFakeStripe } from "./fake_stripe.ts";

export async function stripeTestApp(kind: DbKind) {
  const fake = startFakeStripe({ backoffMs: () => 5, maxAttempts: 3 });
  const t = await createTestApp(kind, {
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
    STRIPE_PUBLISHABLE_KEY: fake.publishableKey,
    STRIPE_API_BASE: fake.url,
  });
  const http = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, t.app.fetch);
  const webhookUrl = `http://127.0.0.1:${http.addr.port}/api/webhooks/stripe`;
  fake.webhooks.setUrl(webhookUrl);
  const { sql } = t.deps.db;
  const bettor = (name: string) => t.as("bettor", name);
  /** Starts a Stripe deposit through the API; its answer. */
  async function deposit(token: string, amount: number, idempotencyKey?: string) {
    const res = await t.app.request("/api/wallet/deposits", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        amount,
        provider: "stripe",
        ...(idempotencyKey ? { idempotencyKey } : {}),
      }),
    });
    return { status: res.status, body: await res.json() };
  }
  return {
    ...t,
    fake,
    sql,
    webhookUrl,
    bettor,
    /** A test step that ends with every webhook delivered and the ledger check passing. */
    step(t: Deno.TestContext, name: string, fn: () => Promise<void>) {
      return t.step(name, async () => {
        await fn();
        await fake.webhooks.settle();
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      });
    },
    /** A Stripe deposit the customer has paid, its webhook delivered: the payment and intent ids. */
    async paid(token: string, amount: number) {
      const { body } = await deposit(token, amount);
      fake.succeed(body.stripe.paymentIntentId);
      await fake.webhooks.settle();
      return { paymentId: body.deposit.id as string, pi: body.stripe.paymentIntentId as string };
    },
    /** Moves `amount` of the user's money elsewhere (as if staked and lost). */
    async spend(userId: string, amount: number) {
      await t.deps.ledger.transfer(sql, {
        id: `test-spent:${crypto.randomUUID()}`,
        debit: { kind: "user", owner: userId },
        credit: { kind: "house", owner: "" },
        amount,
        code: "stake",
      });
    },
    deposit,
    async available(userId: string) {
      return (await t.deps.ledger.balance(sql, userId)).available;
    },
    async debt(userId: string) {
      const b = await t.deps.ledger.accountBalance(sql, { kind: "debt", owner: userId });
      return Math.max(0, -b.posted);
    },
    async payment(id: string) {
      const [p] = await sql<{ state: string; refunded: string; capture_ref: string | null }[]>`
        select state, refunded::text as refunded, capture_ref from payments where id = ${id}`;
      return { ...p, refunded: Number(p.refunded) };
    },
    async eventCount() {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from payment_events`;
      return r.n;
    },
    async assertLedgerOk() {
      assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
    },
    async close() {
      await fake.close();
      await http.shutdown();
      await t.close();
    },
  };
}
