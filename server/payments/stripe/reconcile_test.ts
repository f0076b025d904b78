import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../../tools/postgres.ts";
import { createReconcileJob } from "./reconcile_job.ts";
import { stripeTestApp } from "./testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`Stripe reconciliation on ${kind}`, async (t) => {
    const s = await stripeTestApp(kind);
    let clock = Date.now();
    const job = createReconcileJob(
      { sql: s.sql, ledger: s.deps.ledger, stripe: s.deps.stripe! },
      {
        kv: s.deps.kv,
        intervalS: 300,
        now: () => clock,
        log: () => {},
        backoffMs: (n) => 1000 * n,
      },
    );
    const step = (name: string, fn: () => Promise<void>) => s.step(t, name, fn);
    const ann = await s.bettor("ann");
    try {
      let lost = "";
      let paymentId = "";
      await step(
        "a deposit whose webhook was lost is credited once by reconciliation",
        async () => {
          const { body } = await s.deposit(ann.token, 3000);
          paymentId = body.deposit.id;
          s.fake.webhooks.hold();
          s.fake.succeed(body.stripe.paymentIntentId);
          lost = s.fake.webhooks.pending[0].id;
          s.fake.webhooks.lose();
          s.fake.webhooks.release();
          // Another, still unpaid, and an old one are looked at and left alone.
          await s.deposit(ann.token, 1000);
          assert.equal(await s.available(ann.id), 0);

          const first = await job.runDue();
          assert.deepEqual(first, { checked: 1, credited: 1 });
          assert.equal(await s.available(ann.id), 3000);
          assert.equal((await s.payment(paymentId)).state, "succeeded");
          const state = await job.state();
          assert.equal(state?.dueAt, clock + 300_000);
          assert.equal(await job.runDue(), null, "not due again before the interval");
          clock += 300_000;
          assert.deepEqual(await job.runDue(), { checked: 1, credited: 0 });
          assert.equal(await s.available(ann.id), 3000);
        },
      );

      await step("the late webhook then credits nothing", async () => {
        s.fake.webhooks.redeliver(s.fake.events.get(lost)!);
        await s.fake.webhooks.settle();
        assert.equal(s.fake.webhooks.deliveries.at(-1)!.status, 200);
        assert.equal(await s.available(ann.id), 3000);
        const [e] = await s.sql<{ outcome: string }[]>`
          select outcome from payment_events where event_id = ${lost}`;
        assert.equal(e.outcome, "already credited");
      });

      await step("a failed run is kept in KV and tried again after a backoff", async () => {
        clock += 300_000;
        s.fake.failRequests(10);
        await assert.rejects(job.runDue());
        let state = await job.state();
        assert.equal(state?.attempts, 1);
        assert.equal(state?.dueAt, clock + 1000);
        assert.ok(state?.lastError);
        s.fake.failRequests(0);
        assert.equal(await job.runDue(), null);
        clock += 1000;
        assert.deepEqual(await job.runDue(), { checked: 1, credited: 0 });
        state = await job.state();
        assert.equal(state?.attempts, 0);
        assert.equal(state?.lastError, null);
      });
    } finally {
      await job.stop();
      await s.close();
    }
  });
}
