import assert from "node:assert/strict";
import { DomainError } from "../../core/errors.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import {
  armCrash,
  type CrashPoint,
  disarmCrash,
  installCrashTriggers,
  tolerateDroppedConnections,
} from "../markets/vopr/crash.ts";
import { assertLedgerOk, fund } from "../markets/test_fixture.ts";
import { createOutboxConsumer } from "../outbox/consumer.ts";
import type { PayoutProvider, PayoutRequest } from "../payments/provider.ts";
import { createTestApp } from "../testing.ts";
import { findWithdrawal } from "./repo.ts";
import { withdrawalPayoutHandler } from "./payout.ts";
import {
  approveWithdrawal,
  markWithdrawalPaid,
  rejectWithdrawal,
  requestWithdrawal,
  WITHDRAWAL_PAYOUT,
} from "./service.ts";

/**
 * A provider as the registry sees one: pays up to `cover` of each request,
 * idempotent by withdrawal id (a second call answers the first payout), or
 * fails as told.
 */
function testProvider(name: "stripe" | "paypal", cover = Infinity) {
  const payouts = new Map<string, { paid: number; reference: string }>();
  const state: {
    calls: number;
    fail: null | "permanent" | "transient";
    payouts: typeof payouts;
    provider: PayoutProvider;
  } = {
    calls: 0,
    fail: null,
    payouts,
    provider: {
      name,
      payout(r: PayoutRequest): Promise<{ paid: number; reference: string }> {
        state.calls++;
        if (state.fail) {
          return Promise.reject(
            new DomainError("payout_failed", `${name} said no`, {
              permanent: state.fail === "permanent",
            }),
          );
        }
        const first = payouts.get(r.withdrawalId);
        if (first) return Promise.resolve(first);
        const made = { paid: Math.min(cover, r.amount), reference: `${name}-${payouts.size + 1}` };
        payouts.set(r.withdrawalId, made);
        return Promise.resolve(made);
      },
    },
  };
  return state;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`withdrawal payouts on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger } = app.deps;
    const staff = await app.as("staff", "payout-staff");
    const consumer = (providers: PayoutProvider[]) =>
      createOutboxConsumer({
        sql,
        handlers: { [WITHDRAWAL_PAYOUT]: withdrawalPayoutHandler({ ledger, providers }) },
        retryDelayMs: () => 0,
        log: () => {},
      });
    const approved = async (name: string, amount: number) => {
      const u = await app.as("bettor", name);
      await fund(app, u.id, 1_000);
      const { withdrawal } = await requestWithdrawal(sql, ledger, u, { amount });
      await approveWithdrawal(sql, staff, withdrawal.id);
      return { user: u, id: withdrawal.id };
    };
    const transfer = async (id: string) =>
      (await sql<{ type: string }[]>`select type from ledger_transfers where id = ${id}`)[0]?.type;
    const actions = async (id: string) =>
      (await sql<{ action: string; actor_id: string | null }[]>`
        select action, actor_id from audit_log where target_id = ${id} order by id`)
        .map((r) => r.action);
    try {
      await t.step("a provider that covers it all pays it: the hold is posted, once", async () => {
        const stripe = testProvider("stripe");
        const { id } = await approved("paid-by-stripe", 400);
        assert.equal(await consumer([stripe.provider]).drain(), 1);
        const w = await findWithdrawal(sql, id);
        assert.deepEqual([w?.state, w?.method, w?.reference], [
          "paid",
          "stripe",
          "stripe:stripe-1",
        ]);
        assert.equal(await transfer(`withdrawal-paid:${id}`), "post");
        assert.equal(await consumer([stripe.provider]).drain(), 0, "nothing left to do");
        assert.deepEqual(await actions(id), [
          "withdrawal.request",
          "withdrawal.approve",
          "withdrawal.paid",
        ]);
        await assertLedgerOk(app);
      });

      await t.step("what the first provider cannot cover goes to the next", async () => {
        const stripe = testProvider("stripe", 150);
        const paypal = testProvider("paypal");
        const { id } = await approved("split-payout", 400);
        await consumer([stripe.provider, paypal.provider]).drain();
        const w = await findWithdrawal(sql, id);
        assert.equal(w?.state, "paid");
        assert.equal(w?.reference, "stripe:stripe-1; paypal:paypal-1");
        assert.equal(paypal.payouts.get(id)?.paid, 250);
        await assertLedgerOk(app);
      });

      await t.step(
        "a permanent failure with nothing paid voids the hold and records why",
        async () => {
          const stripe = testProvider("stripe");
          stripe.fail = "permanent";
          const { user, id } = await approved("payout-fails", 300);
          await consumer([stripe.provider]).drain();
          const w = await findWithdrawal(sql, id);
          assert.deepEqual([w?.state, w?.failure], ["failed", "stripe: stripe said no"]);
          assert.equal(await transfer(`withdrawal-void:${id}`), "void");
          assert.equal((await ledger.balance(sql, user.id)).available, 1_000);
          assert.deepEqual((await actions(id)).at(-1), "withdrawal.fail");
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "what no provider covers waits for staff: rejectable while nothing went out, not once part did",
        async () => {
          const { id: untouched } = await approved("manual-reject", 300);
          await consumer([]).drain();
          assert.equal((await findWithdrawal(sql, untouched))?.method, "manual");
          const rejected = await rejectWithdrawal(
            sql,
            ledger,
            staff,
            untouched,
            "Closed bank account",
          );
          assert.equal(rejected.state, "rejected");
          assert.equal(await transfer(`withdrawal-void:${untouched}`), "void");

          const stripe = testProvider("stripe", 100);
          const { id: part } = await approved("part-paid", 300);
          await consumer([stripe.provider]).drain();
          const waiting = await findWithdrawal(sql, part);
          assert.deepEqual([waiting?.state, waiting?.method, waiting?.reference], [
            "approved",
            "manual",
            "stripe:stripe-1",
          ]);
          await assert.rejects(
            () => rejectWithdrawal(sql, ledger, staff, part, "No"),
            (e: Error & { code?: string }) => e.code === "withdrawal_state",
          );
          const paid = await markWithdrawalPaid(sql, ledger, staff, part, "BANK-7");
          assert.deepEqual([paid.state, paid.reference], ["paid", "stripe:stripe-1; BANK-7"]);
          assert.equal(await transfer(`withdrawal-paid:${part}`), "post");
          await assertLedgerOk(app);
        },
      );

      await t.step("a transient failure is retried, and the retry pays", async () => {
        const stripe = testProvider("stripe");
        stripe.fail = "transient";
        const { id } = await approved("payout-retried", 200);
        const outbox = consumer([stripe.provider]);
        assert.equal(await outbox.step(), "failed");
        assert.equal((await findWithdrawal(sql, id))?.state, "approved");
        assert.equal(await transfer(`withdrawal-paid:${id}`), undefined);
        stripe.fail = null;
        assert.equal(await outbox.step(), "done");
        assert.equal((await findWithdrawal(sql, id))?.state, "paid");
        await assertLedgerOk(app);
      });

      await t.step(
        "a crash after the provider paid and before the hold is posted pays exactly once on the re-run",
        async () => {
          await installCrashTriggers(sql, kind, false);
          const stripe = testProvider("stripe");
          const { user, id } = await approved("payout-crash", 600);
          const outbox = consumer([stripe.provider]);
          await armCrash(sql, "withdrawal-paid" as CrashPoint);
          assert.equal(await outbox.step(), "failed", "the payout's transaction died");
          assert.ok(await disarmCrash(sql, "withdrawal-paid" as CrashPoint), "the crash fired");
          assert.equal(stripe.calls, 1);
          assert.equal(
            (await findWithdrawal(sql, id))?.state,
            "approved",
            "nothing of it committed",
          );
          assert.equal(await transfer(`withdrawal-paid:${id}`), undefined);
          assert.equal(await outbox.step(), "done");
          assert.equal(stripe.calls, 2, "asked again");
          assert.equal(
            stripe.payouts.size,
            1,
            "paid once: the provider is idempotent by withdrawal",
          );
          const w = await findWithdrawal(sql, id);
          assert.deepEqual([w?.state, w?.reference], ["paid", "stripe:stripe-1"]);
          assert.deepEqual(await ledger.balance(sql, user.id), {
            available: 400,
            pending: 0,
            balance: 400,
          });
          assert.equal(
            (await actions(id)).filter((a) => a === "withdrawal.paid").length,
            1,
            "audited once",
          );
          await assertLedgerOk(app);
        },
      );
      if (kind === "postgres") {
        await t.step(
          "the process dying mid-payout (connection dropped) leaves nothing; the next consumer pays once",
          async () => {
            using _dropped = tolerateDroppedConnections();
            await installCrashTriggers(sql, kind, true);
            const stripe = testProvider("stripe");
            const { id } = await approved("payout-died", 500);
            await armCrash(sql, "withdrawal-paid" as CrashPoint);
            await assert.rejects(() => consumer([stripe.provider]).step());
            assert.ok(await disarmCrash(sql, "withdrawal-paid" as CrashPoint), "the crash fired");
            assert.equal((await findWithdrawal(sql, id))?.state, "approved");
            // The dead consumer's lease runs out; another takes the fact.
            await sql`update outbox set available_at = now() where fact_id = ${id}`;
            assert.equal(await consumer([stripe.provider]).step(), "done");
            assert.equal(stripe.payouts.size, 1);
            assert.equal((await findWithdrawal(sql, id))?.state, "paid");
            await assertLedgerOk(app);
          },
        );
      }
    } finally {
      await app.close();
    }
  });
}
