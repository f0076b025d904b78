import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../../tools/postgres.ts";
import { createTestApp } from "../../testing.ts";
import { stripeSignature } from "./fake_webhooks.ts";
import { stripeTestApp } from "./testing.ts";
import { subscribeUser } from "../../live/user_events.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`Stripe deposits and webhooks on ${kind}`, async (t) => {
    const s = await stripeTestApp(kind);
    const step = (name: string, fn: () => Promise<void>) => s.step(t, name, fn);
    const ann = await s.bettor("ann");
    /** A deposit the customer has paid, its webhook delivered; the payment and intent ids. */
    const paid = (amount: number, user = ann) => s.paid(user.token, amount);
    try {
      await step("a deposit makes a PaymentIntent and the webhook credits it once", async () => {
        const { status, body } = await s.deposit(ann.token, 2500, "ann-deposit-1");
        assert.equal(status, 201);
        assert.equal(body.deposit.provider, "stripe");
        assert.equal(body.deposit.state, "created");
        assert.equal(body.deposit.demo, false);
        assert.equal(body.stripe.publishableKey, s.fake.publishableKey);
        const pi = s.fake.intents.get(body.stripe.paymentIntentId)!;
        assert.equal(body.stripe.clientSecret, pi.client_secret);
        assert.deepEqual(pi.metadata, { paymentId: body.deposit.id, userId: ann.id });
        assert.equal(pi.amount, 2500);
        assert.equal(pi.currency, "usd");
        assert.equal(await s.available(ann.id), 0, "nothing before the webhook");

        const pushed: unknown[] = [];
        const stop = subscribeUser(s.deps.live, ann.id, (e) => pushed.push(e));
        s.fake.succeed(pi.id);
        await s.fake.webhooks.settle();
        stop();
        assert.deepEqual(s.fake.webhooks.deliveries.map((d) => d.status), [200]);
        assert.equal(await s.available(ann.id), 2500);
        assert.equal(pushed.length, 1, "the open pages get the new wallet");
        const p = await s.payment(body.deposit.id);
        assert.equal(p.state, "succeeded");
        assert.equal(p.capture_ref, pi.latest_charge);
      });

      await step("the same idempotency key answers the same deposit and intent", async () => {
        const first = await s.deposit(ann.token, 700, "ann-deposit-2");
        const again = await s.deposit(ann.token, 700, "ann-deposit-2");
        assert.equal(first.status, 201);
        assert.equal(again.status, 200);
        assert.equal(again.body.deposit.id, first.body.deposit.id);
        assert.equal(again.body.stripe.paymentIntentId, first.body.stripe.paymentIntentId);
        const mine = [...s.fake.intents.values()].filter((pi) =>
          (pi.metadata as Record<string, string>).paymentId === first.body.deposit.id
        );
        assert.equal(mine.length, 1);
      });

      await step(
        "card deposits started at once meet a deposit limit in turn: one passes, the rest are refused",
        async () => {
          const cy = await s.bettor("cy-limits");
          const put = await s.app.request("/api/me/limits", {
            method: "PUT",
            headers: { authorization: `Bearer ${cy.token}`, "content-type": "application/json" },
            body: JSON.stringify({ depositDaily: 1_000 }),
          });
          assert.equal(put.status, 200, await put.text());
          const answers = await Promise.all(
            Array.from({ length: 5 }, (_, i) => s.deposit(cy.token, 600, `cy-limit-${i}`)),
          );
          const statuses = answers.map((a) => a.status).sort();
          assert.deepEqual(statuses, [201, 422, 422, 422, 422]);
          assert.ok(
            answers.filter((a) => a.status === 422).every((a) => a.body.code === "deposit-limit"),
          );
          const [n] = await s.sql<{ n: number }[]>`
            select count(*)::int as n from payments where user_id = ${cy.id}`;
          assert.equal(n.n, 1, "only the deposit that passed was started");
          // A key seen before answers its first deposit, whatever the limit says now.
          const first = answers.findIndex((a) => a.status === 201);
          const again = await s.deposit(cy.token, 600, `cy-limit-${first}`);
          assert.equal(again.status, 200);
        },
      );

      await step(
        "a card deposit below Stripe's smallest charge is refused and makes nothing",
        async () => {
          const before = s.fake.intents.size;
          const { status, body } = await s.deposit(ann.token, 49);
          assert.equal(status, 400);
          assert.equal(body.code, "amount_too_small");
          assert.equal(s.fake.intents.size, before);
          const [n] = await s.sql<
            { n: number }[]
          >`select count(*)::int as n from payments where amount = 49`;
          assert.equal(n.n, 0);
        },
      );

      await step("a forged signature is refused with 400 and records nothing", async () => {
        const { pi } = await paid(1000);
        const before = { events: await s.eventCount(), available: await s.available(ann.id) };
        const forged = structuredClone([...s.fake.events.values()].at(-1)!);
        forged.id = "evt_forged_1";
        const status = await s.fake.webhooks.deliverSigned(forged, {
          secret: "whsec_not_the_secret",
        });
        assert.equal(status, 400);
        assert.equal(await s.eventCount(), before.events);
        assert.equal(await s.available(ann.id), before.available);
        assert.ok(pi);
      });

      await step(
        "a missing or tampered signature is refused with problem+json bad_signature",
        async () => {
          const before = await s.eventCount();
          const event = [...s.fake.events.values()].at(-1)!;
          const body = JSON.stringify({ ...event, id: "evt_unsigned" });
          const missing = await s.app.request("/api/webhooks/stripe", { method: "POST", body });
          assert.equal(missing.status, 400);
          assert.match(missing.headers.get("content-type")!, /application\/problem\+json/);
          assert.equal((await missing.json()).code, "bad_signature");
          const t0 = Math.floor(Date.now() / 1000);
          const signed = await stripeSignature(body, s.fake.webhookSecret, t0);
          const tampered = await s.app.request("/api/webhooks/stripe", {
            method: "POST",
            headers: { "stripe-signature": signed },
            body: body.replace('"amount": 1000', '"amount": 9999').replace(
              "evt_unsigned",
              "evt_tampered",
            ),
          });
          assert.equal(tampered.status, 400);
          assert.equal((await tampered.json()).code, "bad_signature");
          assert.equal(await s.eventCount(), before);
        },
      );

      await step("a correctly signed event with a stale timestamp is refused", async () => {
        const { body } = await s.deposit(ann.token, 1200);
        s.fake.webhooks.hold();
        const event = s.fake.succeed(body.stripe.paymentIntentId);
        s.fake.webhooks.lose();
        const before = await s.available(ann.id);
        const stale = Math.floor(Date.now() / 1000) - 3600;
        assert.equal(await s.fake.webhooks.deliverSigned(event, { t: stale }), 400);
        assert.equal(await s.available(ann.id), before);
        assert.equal((await s.payment(body.deposit.id)).state, "created");
        s.fake.webhooks.release();
        // The same event, freshly signed, is taken.
        s.fake.webhooks.redeliver(event);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(ann.id), before + 1200);
      });

      await step("a replayed event credits nothing again", async () => {
        const { paymentId } = await paid(800);
        const before = await s.available(ann.id);
        const event = [...s.fake.events.values()].find((e) =>
          e.type === "payment_intent.succeeded" &&
          (e.data.object.metadata as Record<string, string>).paymentId === paymentId
        )!;
        s.fake.webhooks.redeliver(event);
        s.fake.webhooks.redeliver(event);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(ann.id), before);
        assert.ok(s.fake.webhooks.deliveries.slice(-2).every((d) => d.status === 200));
      });

      await step("the same event delivered twice at once credits once", async () => {
        const { body } = await s.deposit(ann.token, 900);
        s.fake.webhooks.hold();
        const event = s.fake.succeed(body.stripe.paymentIntentId);
        s.fake.webhooks.lose();
        s.fake.webhooks.release();
        const before = await s.available(ann.id);
        const statuses = await Promise.all(
          [1, 2, 3].map(() => s.fake.webhooks.deliverSigned(event, {})),
        );
        assert.ok(statuses.every((x) => x === 200 || x! >= 500), `${statuses}`);
        await s.fake.webhooks.settle();
        // A delivery that lost the race (5xx) is retried by Stripe; it too credits nothing.
        s.fake.webhooks.redeliver(event);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(ann.id), before + 900);
      });

      await step("a failure arriving after the success does not undo the credit", async () => {
        const { body } = await s.deposit(ann.token, 600);
        const pi = body.stripe.paymentIntentId;
        s.fake.webhooks.hold();
        const failed = s.fake.fail(pi);
        const succeeded = s.fake.succeed(pi);
        const before = await s.available(ann.id);
        s.fake.webhooks.release([succeeded.id, failed.id]);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(ann.id), before + 600);
        assert.equal((await s.payment(body.deposit.id)).state, "succeeded");
      });

      await step("a success arriving after a failure credits", async () => {
        const { body } = await s.deposit(ann.token, 400);
        const pi = body.stripe.paymentIntentId;
        const before = await s.available(ann.id);
        s.fake.fail(pi);
        await s.fake.webhooks.settle();
        assert.equal((await s.payment(body.deposit.id)).state, "failed");
        s.fake.succeed(pi);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(ann.id), before + 400);
        assert.equal((await s.payment(body.deposit.id)).state, "succeeded");
      });

      await step("an amount that is not the deposit's is recorded and not credited", async () => {
        const { body } = await s.deposit(ann.token, 5000);
        const pi = s.fake.intents.get(body.stripe.paymentIntentId)!;
        pi.amount = 50; // as if the intent had been changed behind the product's back
        const before = await s.available(ann.id);
        s.fake.succeed(pi.id);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(ann.id), before);
        assert.equal((await s.payment(body.deposit.id)).state, "created");
        const [e] = await s.sql<{ outcome: string }[]>`
          select outcome from payment_events where payment_id = ${body.deposit.id}`;
        assert.match(e.outcome, /^refused: received 50 usd/);
      });

      const bob = await s.bettor("bob");
      await step(
        "a refund bigger than the balance takes what there is and records the rest as debt",
        async () => {
          const { paymentId, pi } = await paid(1000, bob);
          await s.spend(bob.id, 700);
          await s.deps.stripe!.sdk.refunds.create({ payment_intent: pi, amount: 1000 });
          await s.fake.webhooks.settle();
          assert.equal(await s.available(bob.id), 0);
          assert.equal(await s.debt(bob.id), 700);
          assert.equal((await s.payment(paymentId)).refunded, 1000);
          // Both events (charge.refunded, refund.created) came; the refund was taken once.
          // They arrive together and queue on the deposit's row: neither fails (a deadlock did).
          const last = s.fake.webhooks.deliveries.slice(-2);
          assert.deepEqual(last.map((d) => d.type).sort(), ["charge.refunded", "refund.created"]);
          assert.deepEqual(last.map((d) => [d.attempt, d.status]), [[1, 200], [1, 200]]);
        },
      );

      await step("the next deposit pays the debt back first", async () => {
        await paid(1000, bob);
        assert.equal(await s.debt(bob.id), 0);
        assert.equal(await s.available(bob.id), 300);
      });

      await step("a partial refund takes back only its amount", async () => {
        const { paymentId, pi } = await paid(1000, bob);
        const before = await s.available(bob.id);
        await s.deps.stripe!.sdk.refunds.create({
          payment_intent: pi,
          amount: 250,
          metadata: { why: "goodwill" },
        });
        await s.fake.webhooks.settle();
        assert.equal(await s.available(bob.id), before - 250);
        assert.equal((await s.payment(paymentId)).refunded, 250);
      });

      await step("a refund that failed gives back what it took, once", async () => {
        const { paymentId, pi } = await paid(600, bob);
        const before = await s.available(bob.id);
        const refund = await s.deps.stripe!.sdk.refunds.create({ payment_intent: pi, amount: 600 });
        await s.fake.webhooks.settle();
        assert.equal(await s.available(bob.id), before - 600);
        const failed = s.fake.failRefund(refund.id);
        await s.fake.webhooks.settle();
        s.fake.webhooks.redeliver(failed);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(bob.id), before);
        assert.equal((await s.payment(paymentId)).refunded, 0);
      });

      await step("a refund whose failure arrives before its creation takes nothing", async () => {
        const { paymentId, pi } = await paid(300, bob);
        const before = await s.available(bob.id);
        s.fake.webhooks.hold();
        const refund = await s.deps.stripe!.sdk.refunds.create({ payment_intent: pi, amount: 300 });
        const failed = s.fake.failRefund(refund.id);
        const created = s.fake.webhooks.pending.find((e) => e.type === "refund.created")!;
        s.fake.webhooks.release([failed.id, created.id]);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(bob.id), before);
        assert.equal((await s.payment(paymentId)).refunded, 0);
      });

      await step("a refund the product made for a withdrawal is not taken back again", async () => {
        const { paymentId, pi } = await paid(1000, bob);
        const before = await s.available(bob.id);
        await s.deps.stripe!.sdk.refunds.create({
          payment_intent: pi,
          amount: 400,
          metadata: { withdrawalId: crypto.randomUUID() },
        });
        await s.fake.webhooks.settle();
        assert.equal(await s.available(bob.id), before);
        assert.equal((await s.payment(paymentId)).refunded, 400);
      });

      const cy = await s.bettor("cy");
      await step("a dispute takes the money back; a won dispute gives it back", async () => {
        const { paymentId, pi } = await paid(1500, cy);
        const { dispute } = s.fake.dispute(pi);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(cy.id), 0);
        assert.equal((await s.payment(paymentId)).refunded, 1500);
        s.fake.closeDispute(dispute.id, "won");
        await s.fake.webhooks.settle();
        assert.equal(await s.available(cy.id), 1500);
        assert.equal((await s.payment(paymentId)).refunded, 0);
      });

      await step("a lost dispute after spending leaves a debt", async () => {
        const { pi } = await paid(800, cy);
        await s.spend(cy.id, 2000);
        const { dispute, event } = s.fake.dispute(pi);
        await s.fake.webhooks.settle();
        s.fake.webhooks.redeliver(event);
        s.fake.closeDispute(dispute.id, "lost");
        await s.fake.webhooks.settle();
        assert.equal(await s.available(cy.id), 0);
        assert.equal(await s.debt(cy.id), 500);
      });

      const dee = await s.bettor("dee");
      await step(
        "a refund arriving before the deposit's success waits for it, then is taken once",
        async () => {
          const { body } = await s.deposit(dee.token, 1000);
          const pi = body.stripe.paymentIntentId;
          s.fake.webhooks.hold();
          const succeeded = s.fake.succeed(pi);
          await s.deps.stripe!.sdk.refunds.create({ payment_intent: pi, amount: 1000 });
          const early = s.fake.webhooks.pending.filter((e) => e.id !== succeeded.id);
          assert.equal(early.length, 2);
          s.fake.webhooks.release(early.map((e) => e.id));
          await s.fake.webhooks.settle();
          const refused = s.fake.webhooks.deliveries.filter((d) =>
            early.some((e) => e.id === d.eventId)
          );
          assert.ok(refused.every((d) => d.status === 409), "refused so that Stripe tries again");
          assert.equal((await s.payment(body.deposit.id)).refunded, 0);
          s.fake.webhooks.redeliver(succeeded);
          await s.fake.webhooks.settle();
          assert.equal(await s.available(dee.id), 1000);
          for (const e of early) s.fake.webhooks.redeliver(e);
          await s.fake.webhooks.settle();
          assert.equal(await s.available(dee.id), 0);
          assert.equal(await s.debt(dee.id), 0);
          assert.equal((await s.payment(body.deposit.id)).refunded, 1000);
        },
      );

      await step("a dispute closed as won before its creation arrives takes nothing", async () => {
        const { paymentId, pi } = await paid(700, dee);
        s.fake.webhooks.hold();
        const { dispute, event: created } = s.fake.dispute(pi);
        const closed = s.fake.closeDispute(dispute.id, "won");
        s.fake.webhooks.release([closed.id, created.id]);
        await s.fake.webhooks.settle();
        assert.equal(await s.available(dee.id), 700);
        assert.equal((await s.payment(paymentId)).refunded, 0);
      });
    } finally {
      await s.close();
    }
  });
}

Deno.test("a Stripe deposit without Stripe configured is refused with 409 provider_unavailable", async () => {
  const t = await createTestApp("pglite");
  try {
    const u = await t.as("bettor", "dee");
    const res = await t.app.request("/api/wallet/deposits", {
      method: "POST",
      headers: { ...u.headers, "content-type": "application/json" },
      body: JSON.stringify({ amount: 1000, provider: "stripe" }),
    });
    assert.equal(res.status, 409);
    assert.equal((await res.json()).code, "provider_unavailable");
    const [n] = await t.deps.db.sql<{ n: number }[]>`select count(*)::int as n from payments`;
    assert.equal(n.n, 0);
    const hook = await t.app.request("/api/webhooks/stripe", { method: "POST", body: "{}" });
    assert.equal(hook.status, 409);
  } finally {
    await t.close();
  }
});
