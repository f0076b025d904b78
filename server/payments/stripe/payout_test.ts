import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../../tools/postgres.ts";
import { PayoutError } from "../provider.ts";
import { createStripePayout, payoutKey } from "./payout.ts";
import { stripeTestApp } from "./testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`Stripe payouts on ${kind}`, async (t) => {
    const s = await stripeTestApp(kind);
    const stripe = s.deps.stripe!;
    const provider = createStripePayout({ sql: s.sql, ledger: s.deps.ledger, stripe });
    const step = (name: string, fn: () => Promise<void>) => s.step(t, name, fn);
    const ann = await s.bettor("ann");
    const paid = (amount: number) => s.paid(ann.token, amount);
    const payout = (withdrawalId: string, amount: number) =>
      provider.payout({ withdrawalId, userId: ann.id, amount, currency: "USD" });
    const refundsOf = (pi: string) =>
      [...s.fake.refunds.values()].filter((r) => r.payment_intent === pi);
    try {
      const a = await paid(1000);
      const b = await paid(500);
      const w1 = crypto.randomUUID();
      const request = { withdrawalId: w1, userId: ann.id, amount: 1200, currency: "USD" };
      let first = { paid: 0, reference: "" };
      await step(
        "a payout refunds the newest deposits first, each up to what is left of it",
        async () => {
          first = await provider.payout(request);
          assert.equal(first.paid, 1200);
          const [rb] = refundsOf(b.pi);
          const [ra] = refundsOf(a.pi);
          assert.equal(rb.amount, 500);
          assert.equal(ra.amount, 700);
          assert.deepEqual(rb.metadata, { withdrawalId: w1, paymentId: b.paymentId });
          assert.equal(first.reference, `${rb.id},${ra.id}`);
          assert.equal((await s.payment(b.paymentId)).refunded, 500);
          assert.equal((await s.payment(a.paymentId)).refunded, 700);
          // Its webhooks take nothing back from the user: the withdrawal's hold did that.
          assert.equal(await s.available(ann.id), 1500);
        },
      );

      await step("the same payout again pays nothing twice", async () => {
        const again = await provider.payout(request);
        assert.deepEqual(again, first);
        assert.equal(s.fake.refunds.size, 2);
        assert.equal((await s.payment(a.paymentId)).refunded, 700);
      });

      await step(
        "a retry after a crash counts the refund made and refunds no newer deposit",
        async () => {
          const w2 = crypto.randomUUID();
          // The crashed attempt made this refund and recorded nothing.
          await stripe.sdk.refunds.create({
            payment_intent: a.pi,
            amount: 200,
            reason: "requested_by_customer",
            metadata: { withdrawalId: w2, paymentId: a.paymentId },
          }, { idempotencyKey: payoutKey(w2, a.pi) });
          await s.fake.webhooks.settle();
          const c = await paid(2000);
          const done = await payout(w2, 200);
          assert.equal(done.paid, 200);
          assert.equal(refundsOf(c.pi).length, 0);
          assert.equal((await s.payment(a.paymentId)).refunded, 900);
        },
      );

      await step("what the deposits cannot cover is left unpaid", async () => {
        const w3 = crypto.randomUUID();
        const done = await payout(w3, 5000);
        assert.equal(done.paid, 2100);
      });

      await step("a deposit under dispute is passed over for the next one", async () => {
        const older = await paid(1000);
        const newer = await paid(500);
        s.fake.dispute(newer.pi, 100);
        await s.fake.webhooks.settle();
        const done = await payout(crypto.randomUUID(), 700);
        assert.equal(done.paid, 700);
        assert.equal(refundsOf(newer.pi).length, 0);
        assert.equal(refundsOf(older.pi)[0].amount, 700);
      });

      await step("Stripe failing is a payout_failed that may be retried", async () => {
        await paid(800);
        s.fake.failRequests(50);
        const err = await payout(crypto.randomUUID(), 100).catch((e) => e);
        s.fake.failRequests(0);
        assert.ok(err instanceof PayoutError, String(err));
        assert.equal(err.code, "payout_failed");
        assert.equal(err.permanent, false);
      });
    } finally {
      await s.close();
    }
  });
}
