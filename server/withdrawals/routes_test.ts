import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { assertLedgerOk, fund, moneySnapshot } from "../markets/test_fixture.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`withdrawal routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const post = (path: string, body: unknown, token?: string) =>
      call(app.app, "POST", path, body, { token });
    const get = (path: string, token?: string) => call(app.app, "GET", path, undefined, { token });
    const withdraw = (body: unknown, token?: string) =>
      post("/api/wallet/withdrawals", body, token);
    const audits = async (id: string) =>
      (await sql<{ action: string }[]>`
        select action from audit_log where target_type = 'withdrawal' and target_id = ${id}
        order by id`).map((r) => r.action);
    try {
      const u = await app.as("bettor", "withdrawer");
      const other = await app.as("bettor", "other-bettor");
      const staff = await app.as("staff", "cashier");
      await fund(app, u.id, 1_000);

      await t.step(
        "a withdrawal above the available balance is refused, nothing moved",
        async () => {
          const before = await moneySnapshot(app);
          const p = await expectProblem(
            await withdraw({ amount: 1_001 }, u.token),
            422,
            "insufficient-funds",
          );
          assert.equal(p.available, 1_000);
          assert.deepEqual(await moneySnapshot(app), before);
          assert.equal((await sql`select id from withdrawals where user_id = ${u.id}`).length, 0);
          await expectProblem(await withdraw({ amount: 0 }, u.token), 400, null);
          await expectProblem(await withdraw({ amount: 5 }), 401, "unauthenticated");
        },
      );

      let first = "";
      await t.step(
        "a withdrawal holds its amount at once; the same key answers it again",
        async () => {
          const made = await expectJson(
            await withdraw({ amount: 300, idempotencyKey: "withdraw-key-1" }, u.token),
            201,
          );
          first = made.withdrawal.id;
          assert.equal(made.withdrawal.state, "requested");
          assert.equal(made.withdrawal.method, null);
          assert.equal(made.withdrawal.userId, u.id);
          assert.deepEqual([made.wallet.available, made.wallet.pending], [700, 300]);
          const again = await expectJson(
            await withdraw({ amount: 300, idempotencyKey: "withdraw-key-1" }, u.token),
            200,
          );
          assert.equal(again.withdrawal.id, first);
          await expectProblem(
            await withdraw({ amount: 200, idempotencyKey: "withdraw-key-1" }, u.token),
            400,
            "idempotency_key_reused",
          );
          const list = await expectJson(await get("/api/wallet/withdrawals", u.token), 200);
          assert.deepEqual(list.items.map((w: { id: string }) => w.id), [first]);
          const others = await expectJson(await get("/api/wallet/withdrawals", other.token), 200);
          assert.deepEqual(others.items, []);
          await assertLedgerOk(app);
        },
      );

      await t.step(
        "only its owner cancels it, only while requested; the hold is released",
        async () => {
          await expectProblem(
            await post(`/api/wallet/withdrawals/${first}/cancel`, undefined, other.token),
            404,
            "unknown_withdrawal",
          );
          const done = await expectJson(
            await post(`/api/wallet/withdrawals/${first}/cancel`, undefined, u.token),
            200,
          );
          assert.equal(done.withdrawal.state, "canceled");
          assert.equal(done.wallet.available, 1_000);
          await expectProblem(
            await post(`/api/wallet/withdrawals/${first}/cancel`, undefined, u.token),
            409,
            "withdrawal_state",
          );
          assert.deepEqual(await audits(first), ["withdrawal.request", "withdrawal.cancel"]);
          await assertLedgerOk(app);
        },
      );

      await t.step("bettors cannot reach the staff routes", async () => {
        await expectProblem(await get("/api/staff/withdrawals", u.token), 403, null);
        await expectProblem(
          await post(`/api/staff/withdrawals/${first}/approve`, undefined, u.token),
          403,
          null,
        );
      });

      await t.step("staff reject with a reason: the money is available again", async () => {
        const { withdrawal } = await expectJson(await withdraw({ amount: 400 }, u.token), 201);
        const listed = await expectJson(
          await get("/api/staff/withdrawals?state=requested", staff.token),
          200,
        );
        assert.deepEqual(listed.items.map((w: { id: string }) => w.id), [withdrawal.id]);
        await expectProblem(
          await post(`/api/staff/withdrawals/${withdrawal.id}/reject`, {}, staff.token),
          400,
          null,
        );
        const rejected = await expectJson(
          await post(
            `/api/staff/withdrawals/${withdrawal.id}/reject`,
            { reason: "Name mismatch" },
            staff.token,
          ),
          200,
        );
        assert.deepEqual([rejected.state, rejected.failure], ["rejected", "Name mismatch"]);
        assert.ok(rejected.decidedAt);
        const w = await expectJson(await get("/api/wallet", u.token), 200);
        assert.equal(w.available, 1_000);
        await expectProblem(
          await post(`/api/staff/withdrawals/${withdrawal.id}/approve`, undefined, staff.token),
          409,
          "withdrawal_state",
        );
        assert.deepEqual(await audits(withdrawal.id), ["withdrawal.request", "withdrawal.reject"]);
        await assertLedgerOk(app);
      });

      await t.step(
        "approved with no payout provider, it waits for staff to mark it paid with a reference",
        async () => {
          const { withdrawal } = await expectJson(await withdraw({ amount: 250 }, u.token), 201);
          const approved = await expectJson(
            await post(`/api/staff/withdrawals/${withdrawal.id}/approve`, undefined, staff.token),
            200,
          );
          assert.equal(approved.state, "approved");
          await app.outbox.drain();
          const [waiting] = (await expectJson(
            await get("/api/staff/withdrawals?state=approved", staff.token),
            200,
          )).items;
          assert.deepEqual([waiting.id, waiting.method], [withdrawal.id, "manual"]);
          await expectProblem(
            await post(`/api/staff/withdrawals/${withdrawal.id}/mark-paid`, {}, staff.token),
            400,
            null,
          );
          const paid = await expectJson(
            await post(
              `/api/staff/withdrawals/${withdrawal.id}/mark-paid`,
              { reference: "BANK-2026-0042" },
              staff.token,
            ),
            200,
          );
          assert.deepEqual([paid.state, paid.method, paid.reference], [
            "paid",
            "manual",
            "BANK-2026-0042",
          ]);
          assert.ok(paid.paidAt);
          const w = await expectJson(await get("/api/wallet", u.token), 200);
          assert.deepEqual([w.available, w.pending, w.balance], [750, 0, 750]);
          assert.deepEqual(await audits(withdrawal.id), [
            "withdrawal.request",
            "withdrawal.approve",
            "withdrawal.manual",
            "withdrawal.mark-paid",
          ]);
          const [tr] = await sql<{ type: string }[]>`
            select type from ledger_transfers where id = ${`withdrawal-paid:${withdrawal.id}`}`;
          assert.equal(tr.type, "post");
          await expectProblem(
            await post(
              `/api/staff/withdrawals/${withdrawal.id}/mark-paid`,
              { reference: "again" },
              staff.token,
            ),
            409,
            "withdrawal_state",
          );
          await assertLedgerOk(app);
        },
      );
    } finally {
      await app.close();
    }
  });
}
