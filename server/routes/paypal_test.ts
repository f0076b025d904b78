/**
 * PayPal end to end: the app's routes and the official SDK against the fake
 * PayPal, its webhooks POSTed to the app over HTTP — forged, replayed,
 * duplicated and out of order — with the ledger checked after each step.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { createPaypalApi } from "../payments/paypal/client.ts";
import { type FakeEvent, startFakePaypal } from "../payments/paypal/fake_paypal.ts";
import { createPaypalPayout } from "../payments/paypal/payout.ts";
import { createTestApp } from "../testing.ts";
import { subscribeUser } from "../live/user_events.ts";
import { LIVE_WALLET_EVENT } from "../../core/markets.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function assertLedgerOk(t: TestApp) {
  assert.deepEqual(await checkLedger(t.deps.db.sql), { ok: true, violations: [] });
}

async function eventCount(t: TestApp) {
  const [{ n }] = await t.deps.db.sql<{ n: number }[]>`
    select count(*)::int as n from payment_events where provider = 'paypal'`;
  return n;
}

Deno.test("a PayPal deposit without PayPal configured is 409 provider_unavailable", async () => {
  const app = await createTestApp("pglite");
  try {
    const u = await app.as("bettor", "nopal");
    const res = await call(app.app, "POST", "/api/wallet/deposits", {
      amount: 1000,
      provider: "paypal",
    }, { token: u.token });
    await expectProblem(res, 409, "provider_unavailable");
    const hook = await app.app.request("/api/webhooks/paypal", { method: "POST", body: "{}" });
    await expectProblem(hook, 409, "provider_unavailable");
  } finally {
    await app.close();
  }
});

for (const kind of TEST_DB_KINDS) {
  Deno.test(`PayPal deposits, webhooks and payouts on ${kind}`, async (t) => {
    const fake = startFakePaypal();
    const config = {
      PAYPAL_CLIENT_ID: fake.clientId,
      PAYPAL_CLIENT_SECRET: fake.clientSecret,
      PAYPAL_WEBHOOK_ID: fake.webhookId,
      PAYPAL_API_BASE: fake.url,
    };
    const app = await createTestApp(kind, config);
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.app.fetch);
    fake.webhookUrl = `http://127.0.0.1:${server.addr.port}/api/webhooks/paypal`;
    const paypal = createPaypalApi({ ...config, PAYPAL_ENVIRONMENT: "sandbox" })!;
    const u = await app.as("bettor", "paula");
    await app.deps.db.sql`
      insert into user_phones (user_id, phone, verified_at) values (${u.id}, '+15550009999', now())`;
    const depositTexts = async () =>
      (await app.deps.db.sql`
        select 1 from sms_messages where user_id = ${u.id} and kind = 'deposit'`).length;
    const post = (path: string, body?: unknown) =>
      call(app.app, "POST", path, body, { token: u.token });
    const available = async () =>
      (await expectJson(await call(app.app, "GET", "/api/wallet", undefined, u), 200)).available;
    const start = async (amount: number) =>
      await expectJson(await post("/api/wallet/deposits", { amount, provider: "paypal" }), 201);
    const lastEvent = (type: string): FakeEvent =>
      fake.events.findLast((e) => e.event_type === type)!;
    try {
      // deno-lint-ignore no-explicit-any
      let first: any;
      await t.step(
        "starting a deposit creates an order to approve and credits nothing",
        async () => {
          first = await start(2500);
          assert.equal(first.deposit.amount, 2500);
          assert.equal(first.deposit.state, "created");
          assert.equal(first.deposit.provider, "paypal");
          assert.match(first.paypal.approveUrl, /checkoutnow\?token=/);
          assert.equal(fake.orders.get(first.paypal.orderId)?.status, "CREATED");
          assert.equal(await available(), 0);
        },
      );

      await t.step("capturing before the buyer approved is 409 and moves nothing", async () => {
        const res = await post(`/api/wallet/deposits/${first.deposit.id}/capture`);
        await expectProblem(res, 409, "paypal_order_not_approved");
        assert.equal(await available(), 0);
        await assertLedgerOk(app);
      });

      await t.step(
        "after approval a capture credits once; capturing twice credits nothing more",
        async () => {
          fake.approve(first.paypal.orderId);
          const done = await expectJson(
            await post(`/api/wallet/deposits/${first.deposit.id}/capture`),
            200,
          );
          assert.equal(done.deposit.state, "succeeded");
          assert.equal(done.wallet.available, 2500);
          const again = await expectJson(
            await post(`/api/wallet/deposits/${first.deposit.id}/capture`),
            200,
          );
          assert.equal(again.deposit.state, "succeeded");
          assert.equal(await available(), 2500);
          assert.equal(fake.captures.size, 1);
          await assertLedgerOk(app);
        },
      );

      await t.step("another user cannot capture someone's deposit", async () => {
        const other = await app.as("bettor", "mallory");
        const res = await call(
          app.app,
          "POST",
          `/api/wallet/deposits/${first.deposit.id}/capture`,
          undefined,
          other,
        );
        await expectProblem(res, 404, "unknown_deposit");
      });

      await t.step("the capture's webhook, then a replay of it, credit nothing more", async () => {
        assert.deepEqual(await fake.deliver(), [200, 200]);
        const before = await eventCount(app);
        assert.equal(await fake.resend(lastEvent("PAYMENT.CAPTURE.COMPLETED")), 200);
        assert.equal(await eventCount(app), before);
        assert.equal(await available(), 2500);
        assert.equal(await depositTexts(), 1, "one text for the deposit");
        await assertLedgerOk(app);
      });

      await t.step("forged webhooks are 400 bad_signature and record nothing", async () => {
        const before = await eventCount(app);
        const attacker = startFakePaypal();
        try {
          const forged = JSON.stringify({
            ...lastEvent("PAYMENT.CAPTURE.COMPLETED"),
            id: "WH-FORGED",
          });
          // Signed with the attacker's key, naming the attacker's certificate.
          let res = await fetch(fake.webhookUrl!, {
            method: "POST",
            headers: attacker.sign(forged, { webhookId: fake.webhookId }),
            body: forged,
          });
          await expectProblem(res, 400, "bad_signature");
          // PayPal's headers of another body.
          res = await fetch(fake.webhookUrl!, {
            method: "POST",
            headers: fake.sign(JSON.stringify(lastEvent("PAYMENT.CAPTURE.COMPLETED"))),
            body: forged,
          });
          await expectProblem(res, 400, "bad_signature");
          // No signature at all.
          res = await fetch(fake.webhookUrl!, { method: "POST", body: forged });
          await expectProblem(res, 400, "bad_signature");
        } finally {
          await attacker.close();
        }
        assert.equal(await eventCount(app), before);
        assert.equal(await available(), 2500);
      });

      await t.step(
        "a capture the browser never confirmed is credited by the webhook, once",
        async () => {
          const second = await start(1000);
          fake.approve(second.paypal.orderId);
          // The server's capture reached PayPal but its answer was lost.
          await paypal.captureOrder(second.paypal.orderId, `capture:${second.deposit.id}`);
          assert.equal(await available(), 2500);
          const pushed: number[] = [];
          const stop = subscribeUser(app.deps.live, u.id, (e) => {
            if (e.type === LIVE_WALLET_EVENT) {
              pushed.push((e.data as { available: number }).available);
            }
          });
          assert.deepEqual(await fake.deliver(), [200, 200]);
          stop();
          assert.deepEqual(pushed, [3500], "the user's open pages hear of the credit");
          assert.equal(await available(), 3500);
          const done = await expectJson(
            await post(`/api/wallet/deposits/${second.deposit.id}/capture`),
            200,
          );
          assert.equal(done.deposit.state, "succeeded");
          assert.equal(await available(), 3500);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "a refund made at PayPal takes the money back once, duplicates ignored",
        async () => {
          const capture = [...fake.captures.values()][0];
          await paypal.refundCapture({
            captureId: capture.id,
            amount: 1000,
            currency: "USD",
            requestId: "staff-refund-1",
            invoiceId: "support-42",
          });
          assert.deepEqual(await fake.deliver(), [200]);
          assert.equal(await available(), 2500);
          assert.equal(await fake.resend(lastEvent("PAYMENT.CAPTURE.REFUNDED")), 200);
          assert.equal(await available(), 2500);
          const [p] = await app.deps.db.sql<{ refunded: string }[]>`
          select refunded::text from payments where capture_ref = ${capture.id}`;
          assert.equal(p.refunded, "1000");
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "a refund arriving before its capture's event credits, then takes back",
        async () => {
          const third = await start(800);
          fake.approve(third.paypal.orderId);
          const order = await paypal.captureOrder(
            third.paypal.orderId,
            `capture:${third.deposit.id}`,
          );
          await paypal.refundCapture({
            captureId: order.capture!.id,
            amount: 300,
            currency: "USD",
            requestId: "staff-refund-2",
            invoiceId: "support-43",
          });
          assert.equal(await fake.resend(lastEvent("PAYMENT.CAPTURE.REFUNDED")), 200);
          assert.equal(await available(), 2500 + 800 - 300);
          assert.deepEqual(await fake.deliver(), [200, 200, 200]);
          assert.equal(await available(), 2500 + 800 - 300);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "a reversal beyond the balance leaves a recorded debt, never below zero",
        async () => {
          await app.deps.ledger.transfer(app.deps.db.sql, {
            id: "test:spent",
            debit: { kind: "user", owner: u.id },
            credit: { kind: "house" },
            amount: 2800,
            code: "test",
          });
          assert.equal(await available(), 200);
          const second = [...fake.captures.values()][1];
          fake.reverse(second.id);
          assert.deepEqual(await fake.deliver(), [200]);
          assert.equal(await available(), 0);
          const debt = await app.deps.ledger.accountBalance(app.deps.db.sql, {
            kind: "debt",
            owner: u.id,
          });
          assert.equal(-debt.posted, 800);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "a withdrawal paid through PayPal refunds once; its webhook moves nothing",
        async () => {
          const payout = createPaypalPayout({ sql: app.deps.db.sql, api: paypal });
          const withdrawalId = crypto.randomUUID();
          const r = { withdrawalId, userId: u.id, amount: 700, currency: "USD" };
          const before = await available();
          const paid = await payout.payout(r);
          assert.equal(paid.paid, 700);
          assert.match(paid.reference, /^paypal:/);
          const refunds = fake.events.filter((e) =>
            e.event_type === "PAYMENT.CAPTURE.REFUNDED"
          ).length;
          assert.deepEqual(await payout.payout(r), paid);
          assert.equal(
            fake.events.filter((e) => e.event_type === "PAYMENT.CAPTURE.REFUNDED").length,
            refunds,
          );
          // Newest deposit first: 500 left of the third, then 200 of the first.
          assert.deepEqual(await fake.deliver(), [200, 200]);
          const ids = fake.events.filter((e) => e.event_type === "PAYMENT.CAPTURE.REFUNDED")
            .slice(-2).map((e) => e.id);
          const own = await app.deps.db.sql<{ outcome: string }[]>`
          select outcome from payment_events where provider = 'paypal' and event_id in ${
            app.deps.db.sql(ids)
          }`;
          assert.deepEqual(own.map((e) => e.outcome), ["withdrawal payout", "withdrawal payout"]);
          assert.equal(await available(), before);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "a denied capture fails a deposit not credited; other events are recorded only",
        async () => {
          const pending = await start(400);
          const post = async (event: Record<string, unknown>) => {
            const body = JSON.stringify(event);
            const res = await fetch(fake.webhookUrl!, {
              method: "POST",
              headers: fake.sign(body),
              body,
            });
            return (await expectJson(res, 200)).outcome;
          };
          const denied = {
            id: "WH-DENIED-1",
            event_type: "PAYMENT.CAPTURE.DENIED",
            resource: {
              id: "CAPDENIED1",
              status: "DECLINED",
              amount: { value: "4.00", currency_code: "USD" },
              supplementary_data: { related_ids: { order_id: pending.paypal.orderId } },
            },
          };
          assert.equal(await post(denied), "failed");
          assert.equal(await post(denied), "duplicate");
          const [p] = await app.deps.db.sql<{ state: string }[]>`
          select state from payments where id = ${pending.deposit.id}`;
          assert.equal(p.state, "failed");
          assert.equal(
            await post({ id: "WH-OTHER-1", event_type: "CUSTOMER.DISPUTE.CREATED" }),
            "ignored",
          );
          // A capture event for another amount than the deposit's is recorded, not credited.
          const other = await start(900);
          const short = {
            id: "WH-SHORT-1",
            event_type: "PAYMENT.CAPTURE.COMPLETED",
            resource: {
              id: "CAPSHORT1",
              status: "COMPLETED",
              amount: { value: "0.01", currency_code: "USD" },
              supplementary_data: { related_ids: { order_id: other.paypal.orderId } },
            },
          };
          const before = await available();
          assert.equal(await post(short), "amount mismatch");
          assert.equal(await available(), before);
          await assertLedgerOk(app);
        },
      );
    } finally {
      await server.shutdown();
      await fake.close();
      await app.close();
    }
  });
}
