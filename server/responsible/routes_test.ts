import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import {
  assertLedgerOk,
  insertTestMarket,
  moneySnapshot,
  openTestSession,
} from "../markets/test_fixture.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, signupUser } from "../users/testing.ts";
import { placeBets } from "../markets/place_bet.ts";
import { assertMayDeposit } from "./checks.ts";
import { setLimits } from "./service.ts";

const DAY = 86_400_000;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`responsible play routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const post = (path: string, body: unknown, token?: string) =>
      call(app.app, "POST", path, body, { token });
    const put = (path: string, body: unknown, token?: string) =>
      call(app.app, "PUT", path, body, { token });
    const get = (path: string, token?: string) => call(app.app, "GET", path, undefined, { token });
    const deposit = (amount: number, token: string) =>
      post("/api/wallet/deposits", { amount, provider: "sandbox" }, token);
    try {
      await t.step("limits are set and lowered at once; a raise shows as pending", async () => {
        const u = await app.as("bettor", "limits-setter");
        const set = await expectJson(
          await put("/api/me/limits", { depositDaily: 5_000, lossDaily: 2_000 }, u.token),
          200,
        );
        assert.deepEqual(set.limits.depositDaily, { amount: 5_000, pending: null, used: 0 });
        assert.deepEqual(set.limits.depositWeekly, { amount: null, pending: null, used: 0 });
        assert.equal(set.limits.lossDaily.amount, 2_000);
        const raised = await expectJson(
          await put("/api/me/limits", { depositDaily: 9_000, lossDaily: null }, u.token),
          200,
        );
        assert.equal(raised.limits.depositDaily.amount, 5_000);
        assert.equal(raised.limits.depositDaily.pending.amount, 9_000);
        const from = Date.parse(raised.limits.depositDaily.pending.from);
        assert.ok(Math.abs(from - Date.now() - DAY) < 60_000, "pending for 24 h");
        assert.deepEqual(raised.limits.lossDaily.pending.amount, null, "a removal waits too");
        const lowered = await expectJson(
          await put("/api/me/limits", { depositDaily: 1_000 }, u.token),
          200,
        );
        assert.deepEqual(lowered.limits.depositDaily, { amount: 1_000, pending: null, used: 0 });
        assert.deepEqual(await expectJson(await get("/api/me/limits", u.token), 200), lowered);
        await expectProblem(await put("/api/me/limits", { depositDaily: -1 }, u.token), 400, null);
        await expectProblem(await put("/api/me/limits", { other: 1 }, u.token), 400, null);
      });

      await t.step(
        "a deposit over a limit is refused with 422 deposit-limit, nothing moved",
        async () => {
          const u = await app.as("bettor", "limit-hitter");
          await expectJson(await put("/api/me/limits", { depositDaily: 300 }, u.token), 200);
          const before = await moneySnapshot(app);
          const p = await expectProblem(await deposit(500, u.token), 422, "deposit-limit");
          assert.equal(p.limit, "deposit-daily");
          assert.deepEqual(await moneySnapshot(app), before);
          await expectJson(await deposit(300, u.token), 201);
          // The sandbox deposit just made counts: the day's limit is used up.
          await expectProblem(await deposit(1, u.token), 422, "deposit-limit");
          await assertLedgerOk(app);
        },
      );

      await t.step("deposits at once cannot together pass a limit", async () => {
        const u = await app.as("bettor", "racer");
        await expectJson(await put("/api/me/limits", { depositDaily: 500 }, u.token), 200);
        const answers = await Promise.all(Array.from({ length: 6 }, () => deposit(300, u.token)));
        const statuses = answers.map((r) => r.status).sort();
        await Promise.all(answers.map((r) => r.body?.cancel()));
        assert.deepEqual(statuses, [201, 422, 422, 422, 422, 422]);
        await assertLedgerOk(app);
      });

      await t.step(
        "deposits started in each rolling window count, failed ones do not",
        async () => {
          const u = await app.as("bettor", "window-user");
          const now = new Date();
          const ago = (ms: number) => new Date(now.getTime() - ms);
          const pay = (amount: number, state: string, at: Date) =>
            sql`insert into payments (user_id, provider, amount, currency, state, created_at)
              values (${u.id}, 'stripe', ${amount}, 'USD', ${state}, ${at})`;
          await pay(400, "created", ago(3_600_000)); // started, not yet paid: counts
          await pay(900, "failed", ago(3_600_000)); // failed: does not count
          await pay(1_000, "succeeded", ago(3 * DAY)); // this week, not today
          await setLimits(sql, u, { depositDaily: 500, depositWeekly: 1_800 }, now);
          await assertMayDeposit(sql, u.id, 100, now);
          await assert.rejects(() => assertMayDeposit(sql, u.id, 101, now), /deposit-daily/);
          await assertMayDeposit(sql, u.id, 400, new Date(now.getTime() + DAY));
          await assert.rejects(
            () => assertMayDeposit(sql, u.id, 450, new Date(now.getTime() + DAY)),
            /deposit-weekly/,
          );
          const view = await expectJson(await get("/api/me/limits", u.token), 200);
          assert.equal(view.limits.depositDaily.used, 400);
          assert.equal(view.limits.depositWeekly.used, 1_400);
          assert.equal(view.limits.depositMonthly.used, 1_400);
        },
      );

      await t.step("a raised deposit limit applies only 24 h later (injected clock)", async () => {
        const u = await app.as("bettor", "raiser");
        const now = new Date();
        await setLimits(sql, u, { depositDaily: 100 }, now);
        await setLimits(sql, u, { depositDaily: 1_000 }, now);
        await assert.rejects(
          () => assertMayDeposit(sql, u.id, 500, new Date(now.getTime() + DAY - 1)),
          /deposit-limit|deposit-daily/,
        );
        await assertMayDeposit(sql, u.id, 400, new Date(now.getTime() + DAY));
      });

      await t.step("time-out and self-exclusion lengths out of range are refused", async () => {
        const u = await app.as("bettor", "bad-days");
        for (
          const [path, days] of [["time-out", 0], ["time-out", 43], ["self-exclusion", 181], [
            "self-exclusion",
            1827,
          ]] as const
        ) {
          await expectProblem(
            await post(`/api/me/${path}`, { days }, u.token),
            400,
            "invalid_exclusion_days",
          );
        }
        assert.equal((await sql`select * from exclusions where user_id = ${u.id}`).length, 0);
      });

      await t.step(
        "a time-out blocks deposits with 403 self-excluded; the money can still be withdrawn",
        async () => {
          const u = await app.as("bettor", "time-outer");
          await expectJson(await deposit(1_000, u.token), 201);
          const out = await expectJson(await post("/api/me/time-out", { days: 2 }, u.token), 200);
          assert.ok(Date.parse(out.timeOutUntil) > Date.now() + DAY);
          assert.equal(out.selfExcludedUntil, null);
          const before = await moneySnapshot(app);
          await expectProblem(await deposit(100, u.token), 403, "self-excluded");
          assert.deepEqual(await moneySnapshot(app), before);
          const out2 = await expectJson(
            await post("/api/wallet/withdrawals", { amount: 100 }, u.token),
            201,
          );
          assert.equal(out2.withdrawal.state, "requested");
        },
      );

      await t.step("self-exclusion blocks every money action and shows until when", async () => {
        const u = await app.as("bettor", "self-excluder");
        const out = await expectJson(
          await post("/api/me/self-exclusion", { days: 182 }, u.token),
          200,
        );
        assert.ok(Date.parse(out.selfExcludedUntil) > Date.now() + 181 * DAY);
        const p = await expectProblem(await deposit(100, u.token), 403, "self-excluded");
        assert.equal(p.kind, "self-exclusion");
        await assertLedgerOk(app);
      });

      await t.step("the reality check is empty with no play session running", async () => {
        const u = await app.as("bettor", "reality");
        assert.deepEqual(await expectJson(await get("/api/me/reality-check", u.token), 200), {
          since: null,
          minutes: 0,
          staked: 0,
          won: 0,
          net: 0,
        });
      });

      await t.step(
        "closure with an open bet is refused; once it settles, the balance is held as a withdrawal and every login ends",
        async () => {
          const { user, accessToken, refreshToken } = await signupUser(
            app,
            "closer@test.lanecast",
            {
              refreshTokenInBody: true,
            },
          );
          await expectJson(
            await post(
              "/api/me/betting",
              { dateOfBirth: "1990-05-01", acceptTerms: true },
              accessToken,
            ),
            200,
          );
          await expectJson(await deposit(700, accessToken), 201);
          const { sessionId, bowlerIds } = await openTestSession(app, "2", ["Closer"]);
          const marketId = await insertTestMarket(sql, {
            laneId: "2",
            sessionId,
            bowlerId: bowlerIds[0],
          });
          const me = { id: user.id, email: "closer@test.lanecast", role: "bettor" as const };
          const [placed] = await placeBets(app.deps, [{
            user: me,
            body: {
              marketId,
              outcome: "yes",
              stake: 200,
              marketVersion: 1,
              idempotencyKey: "closer-bet-1",
            },
          }]);
          assert.ok(placed.ok);
          const before = await moneySnapshot(app);
          const refused = await expectProblem(
            await post("/api/me/close", {}, accessToken),
            409,
            "open-bets",
          );
          assert.equal(refused.open, 1);
          assert.deepEqual(await moneySnapshot(app), before);
          // The market is voided: the stake comes back, no bet is open.
          const [bet] = await sql<{ id: string; hold_id: string }[]>`
            select id, hold_id from bets where user_id = ${user.id}`;
          await sql.begin(async (tx) => {
            await app.deps.ledger.voidHolds(tx, [{
              holdId: bet.hold_id,
              id: `test-void:${bet.id}`,
            }]);
            await tx`update bets set state = 'void', void_reason = 'test', settled_at = now() where id = ${bet.id}`;
          });
          const closed = await expectJson(await post("/api/me/close", {}, accessToken), 200);
          assert.equal(closed.withdrawal.amount, 700);
          assert.equal(closed.withdrawal.state, "requested");
          await expectProblem(await get("/api/wallet", accessToken), 401, null);
          await expectProblem(
            await post("/api/auth/refresh", { refreshToken }),
            401,
            null,
          );
          const again = await app.as("bettor", "closer");
          const w = await expectJson(await get("/api/wallet", again.token), 200);
          assert.deepEqual([w.available, w.pending], [0, 700]);
          await expectProblem(await deposit(100, again.token), 403, "self-excluded");
          // Nothing is left to take out (it is all held already); asking is not refused as excluded.
          await expectProblem(
            await post("/api/wallet/withdrawals", { amount: 1 }, again.token),
            422,
            "insufficient-funds",
          );
          await expectProblem(await post("/api/me/close", {}, again.token), 403, "self-excluded");
          const [audit] =
            await sql`select action from audit_log where target_id = ${user.id} and action = 'account.close'`;
          assert.ok(audit);
          await assertLedgerOk(app);
        },
      );
    } finally {
      await app.close();
    }
  });
}
