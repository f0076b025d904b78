/** Notification texts: who gets them (verified, opted in, not STOPped), once per fact, settled bets set-based. */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { insertMarket } from "../ledger/testing.ts";
import { finalizeDue } from "../markets/finalize.ts";
import { fund, makeBettors, placeBets } from "../markets/settle_fixture.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem } from "../users/testing.ts";
import { notifyDeposit } from "./notify.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`notification texts on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger, live } = app.deps;
    const verify = (userId: string, phone: string) =>
      sql`insert into user_phones (user_id, phone, verified_at) values (${userId}, ${phone}, now())`;
    const textsOf = async (userId: string) => [
      ...await sql<{ kind: string; body: string; to_phone: string }[]>`
        select kind, body, to_phone from sms_messages where user_id = ${userId} order by created_at, id`,
    ];
    try {
      await t.step(
        "turning texts on without a verified phone is 409 phone_not_verified",
        async () => {
          const u = await app.as("bettor", "nophone");
          const res = await call(app.app, "PUT", "/api/me/notifications", {
            betSettled: true,
            payments: false,
          }, u);
          await expectProblem(res, 409, "phone_not_verified");
          const got = await expectJson(
            await call(app.app, "GET", "/api/me/notifications", undefined, u),
            200,
          );
          assert.deepEqual(got, { betSettled: false, payments: true });
          // Turning everything off needs no phone.
          const off = await call(app.app, "PUT", "/api/me/notifications", {
            betSettled: false,
            payments: false,
          }, u);
          assert.deepEqual(await expectJson(off, 200), { betSettled: false, payments: false });
        },
      );

      await t.step(
        "a deposit text goes once to a verified phone, none to an unverified one",
        async () => {
          const [a, b] = await makeBettors(sql, `notify-dep-${kind}`, 2);
          await verify(a, "+15550002001");
          await sql`insert into user_phones (user_id, phone) values (${b}, '+15550002002')`;
          const d = { paymentId: crypto.randomUUID(), amount: 700, currency: "USD" };
          assert.equal(await sql.begin((tx) => notifyDeposit(tx, { userId: a, ...d })), true);
          assert.equal(await sql.begin((tx) => notifyDeposit(tx, { userId: a, ...d })), false);
          assert.equal(
            await sql.begin((tx) =>
              notifyDeposit(tx, { userId: b, ...d, paymentId: crypto.randomUUID() })
            ),
            false,
          );
          assert.deepEqual((await textsOf(a)).map((m) => m.kind), ["deposit"]);
          assert.deepEqual(await textsOf(b), []);
          const [{ n }] = await sql<{ n: number }[]>`
          select count(*)::int as n from outbox o join sms_messages m on m.id::text = o.fact_id
          where o.topic = 'sms.send' and m.user_id = ${a}`;
          assert.equal(n, 1);
        },
      );

      await t.step("a withdrawal paid by staff texts its bettor once", async () => {
        const u = await app.as("bettor", `notify-wd-${kind}`);
        const staff = await app.as("staff", `notify-wd-staff-${kind}`);
        await fund(sql, ledger, [u.id], 5_000);
        await verify(u.id, "+15550002009");
        const made = await expectJson(
          await call(app.app, "POST", "/api/wallet/withdrawals", { amount: 1_250 }, u),
          201,
        );
        const path = `/api/staff/withdrawals/${made.withdrawal.id}/mark-paid`;
        await expectJson(await call(app.app, "POST", path, { reference: "bank-77" }, staff), 200);
        const texts = await textsOf(u.id);
        assert.deepEqual(texts.map((m) => m.kind), ["withdrawal"]);
        assert.match(texts[0].body, /withdrawal of 12\.50 USD has been paid/);
      });

      await t.step("a user who turned payment texts off gets none", async () => {
        const [c] = await makeBettors(sql, `notify-off-${kind}`, 1);
        await verify(c, "+15550002003");
        await sql`insert into notification_settings (user_id, payments) values (${c}, false)`;
        const d = { userId: c, paymentId: crypto.randomUUID(), amount: 700, currency: "USD" };
        assert.equal(await sql.begin((tx) => notifyDeposit(tx, d)), false);
      });

      await t.step(
        "a final market texts its opted-in winners and losers in one go, once",
        async () => {
          const users = await makeBettors(sql, `notify-bets-${kind}`, 4);
          await fund(sql, ledger, users, 1_000);
          const [win, lose, quiet, stopped] = users;
          for (const [i, id] of users.entries()) await verify(id, `+1555000300${i}`);
          for (const id of [win, lose, stopped]) {
            await sql`insert into notification_settings (user_id, bet_settled) values (${id}, true)`;
          }
          await sql`insert into sms_opt_outs (phone) values ('+15550003003')`;
          const market = await insertMarket(sql, "determined");
          const bets = await placeBets(sql, ledger, [
            { userId: win, marketId: market, outcome: "yes", stake: 200 },
            { userId: lose, marketId: market, outcome: "no", stake: 300 },
            { userId: quiet, marketId: market, outcome: "no", stake: 100 },
            { userId: stopped, marketId: market, outcome: "yes", stake: 100 },
          ]);
          await sql`update bets set state = 'won', payout = 360 where id = ${bets[0]}`;
          await sql`update bets set state = 'lost', payout = 0 where id in (${bets[1]}, ${
            bets[2]
          })`;
          await sql`update bets set state = 'won', payout = 180 where id = ${bets[3]}`;
          await sql`update markets set determined_at = now() - interval '1 hour' where id = ${market}`;
          assert.equal(await finalizeDue({ sql, live, windowS: 60 }), 1);
          assert.deepEqual((await textsOf(win)).map((m) => m.body), [
            "Lanecast: your bet won 3.60 USD.",
          ]);
          assert.deepEqual((await textsOf(lose)).map((m) => m.body), [
            "Lanecast: your bet of 3.00 USD lost.",
          ]);
          assert.deepEqual(await textsOf(quiet), []);
          assert.deepEqual(await textsOf(stopped), []);
          // Finalizing again (nothing due) texts nothing more.
          assert.equal(await finalizeDue({ sql, live, windowS: 0 }), 0);
          assert.equal((await textsOf(win)).length, 1);
        },
      );
    } finally {
      await app.close();
    }
  });
}
