import assert from "node:assert/strict";
import { DomainError } from "../../core/errors.ts";
import { openTestDb, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { createLedger } from "../ledger/ledger.ts";
import { migrate } from "../migrate.ts";
import type { Sql } from "../db.ts";
import {
  clawBack,
  createPayment,
  creditPayment,
  debtOf,
  failPayment,
  findPayment,
  listPayments,
  refundablePayments,
  setProviderRef,
} from "./payments.ts";

const ledger = createLedger({ currency: "USD" });

async function newUser(sql: Sql, name: string): Promise<string> {
  const [u] = await sql<{ id: string }[]>`
    insert into users (email, display_name, role, password_hash)
    values (${`${name}@example.test`}, ${name}, 'bettor', 'x') returning id`;
  return u.id;
}

const event = (id: string, type = "payment_intent.succeeded") => ({
  provider: "stripe" as const,
  id,
  type,
  payload: { id, type },
});

for (const kind of TEST_DB_KINDS) {
  Deno.test(`payments on ${kind}`, async (t) => {
    await using db = await openTestDb(kind);
    await migrate(db.sql);
    const { sql } = db;
    const step = (name: string, fn: () => Promise<void>) =>
      t.step(name, async () => {
        await fn();
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      });
    const ann = await newUser(sql, "ann");
    const available = async (userId: string) => (await ledger.balance(sql, userId)).available;
    const start = (amount: number, key?: string) =>
      createPayment(sql, {
        userId: ann,
        provider: "stripe",
        amount,
        currency: "USD",
        idempotencyKey: key,
      });

    await step(
      "the same idempotency key answers the first payment; another amount is refused",
      async () => {
        const first = await start(1000, "k1");
        const again = await start(1000, "k1");
        assert.equal(first.created, true);
        assert.equal(again.created, false);
        assert.equal(again.payment.id, first.payment.id);
        await assert.rejects(
          start(1200, "k1"),
          (e) => e instanceof DomainError && e.code === "idempotency_key_reused",
        );
      },
    );

    await step("a payment is credited once, whatever replays or other events follow", async () => {
      const { payment } = await start(1000, "k1");
      await setProviderRef(sql, payment.id, "pi_1");
      const credit = (id: string) =>
        sql.begin((tx) => creditPayment(tx, ledger, { paymentId: payment.id, event: event(id) }));
      assert.equal((await credit("evt_1")).credited, true);
      assert.equal((await credit("evt_1")).credited, false, "the same event replayed");
      assert.equal((await credit("evt_2")).credited, false, "another event for the same payment");
      assert.equal(await available(ann), 1000);
      const found = await findPayment(sql, { provider: "stripe", providerRef: "pi_1" });
      assert.equal(found?.state, "succeeded");
      const events = await sql`select event_id, outcome from payment_events order by event_id`;
      assert.deepEqual(events.map((e) => [e.event_id, e.outcome]), [
        ["evt_1", "credited"],
        ["evt_2", "already credited"],
      ]);
    });

    await step(
      "a failure after success changes nothing; success after failure credits",
      async () => {
        const { payment: paid } = await start(1000, "k1");
        assert.equal(await failPayment(sql, paid.id, "failed", "card_declined"), false);
        const { payment } = await start(300, "k2");
        assert.equal(await failPayment(sql, payment.id, "failed", "card_declined"), true);
        const done = await sql.begin((tx) =>
          creditPayment(tx, ledger, { paymentId: payment.id, event: event("evt_3") })
        );
        assert.equal(done.credited, true);
        assert.equal(done.payment.state, "succeeded");
        assert.equal(done.payment.failure, null);
        assert.equal(await available(ann), 1300);
      },
    );

    await step("a refund beyond the balance leaves a debt, never a negative balance", async () => {
      const { payment } = await start(1000, "k1");
      // Ann stakes 900 of her 1,300: 400 is available.
      await ledger.hold(sql, {
        id: "stake:hold-1",
        debit: { kind: "user", owner: ann },
        credit: { kind: "house" },
        amount: 900,
        code: "stake",
      });
      const taken = await sql.begin((tx) =>
        clawBack(tx, ledger, { paymentId: payment.id, amount: 1000, idPrefix: "refund:re_1" })
      );
      assert.deepEqual(taken, { fromUser: 400, toDebt: 600, applied: true });
      assert.equal(await available(ann), 0);
      assert.equal(await debtOf(sql, ledger, ann), 600);
      const again = await sql.begin((tx) =>
        clawBack(tx, ledger, { paymentId: payment.id, amount: 1000, idPrefix: "refund:re_1" })
      );
      assert.equal(again.applied, false, "the same refund twice moves nothing");
      assert.equal((await findPayment(sql, { id: payment.id }))?.refunded, 1000);
      const more = await sql.begin((tx) =>
        clawBack(tx, ledger, { paymentId: payment.id, amount: 50, idPrefix: "refund:re_2" })
      );
      assert.equal(more.applied, false, "nothing is left of the payment to take back");
      assert.deepEqual(
        (await refundablePayments(sql, ann, "stripe")).map((p) => p.amount),
        [300],
      );
    });

    await step("the next deposit pays the debt back first", async () => {
      await ledger.voidHolds(sql, [{ holdId: "stake:hold-1", id: "void:hold-1" }]);
      assert.equal(await available(ann), 900);
      // The void gave 900 back, but the debt waits for a deposit.
      const { payment } = await start(200, "k4");
      const done = await sql.begin((tx) =>
        creditPayment(tx, ledger, { paymentId: payment.id, event: event("evt_4") })
      );
      assert.equal(done.credited, true);
      assert.equal(await debtOf(sql, ledger, ann), 0);
      assert.equal(await available(ann), 1100 - 600);
    });

    await step("payments list newest first, filtered and paged", async () => {
      const page1 = await listPayments(sql, { userId: ann, limit: 2 });
      assert.equal(page1.items.length, 2);
      assert.ok(page1.next);
      const page2 = await listPayments(sql, { userId: ann, limit: 2, before: page1.next! });
      assert.equal(page2.items.length, 1);
      const failed = await listPayments(sql, { state: "failed", limit: 10 });
      assert.equal(failed.items.length, 0, "the failed one succeeded later");
    });
  });
}
