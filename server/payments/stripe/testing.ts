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
  return {
    ...t,
    fake,
    sql,
    webhookUrl,
    bettor,
    /** Starts a Stripe deposit through the API; its answer. */
    async deposit(token: string, amount: number, idempotencyKey?: string) {
      const res = await t.app.request("/api/wallet/deposits", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ amount, provider: "stripe", ...(idempotencyKey ? { idempotencyKey } : {}) }),
      });
      return { status: res.status, body: await res.json() };
    },
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
