import assert from "node:assert/strict";
import { MarketSchema } from "../../core/markets.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import type { SqlOrTx } from "../db.ts";
import { getBet, getMarket, laneMarkets, listBets, listMarkets, poolsOf } from "./repo.ts";
import { insertTestMarket, openTestSession } from "./test_fixture.ts";

/** A bet row with a stand-in hold transfer (the repo reads rows; the ledger is not its business). */
async function rawBet(
  sql: SqlOrTx,
  b: { userId: string; marketId: string; outcome: string; stake: number; state?: string },
) {
  const id = crypto.randomUUID();
  const [acct] = await sql<{ id: string }[]>`
    insert into ledger_accounts (kind, owner, currency) values ('house', ${id}, 'USD') returning id`;
  const [esc] = await sql<{ id: string }[]>`
    insert into ledger_accounts (kind, owner, currency) values ('escrow', ${id}, 'USD') returning id`;
  await sql`insert into ledger_transfers (id, type, debit_account_id, credit_account_id, amount, currency, code)
    values (${"stake:" + id}, 'single', ${acct.id}, ${esc.id}, ${b.stake}, 'USD', 'stake')`;
  await sql`insert into bets (id, user_id, market_id, outcome, stake, currency, market_version,
                              idempotency_key, request_digest, state, hold_id)
    values (${id}, ${b.userId}, ${b.marketId}, ${b.outcome}, ${b.stake}, 'USD', 1,
            ${"key-" + id}, 'digest', ${b.state ?? "open"}, ${"stake:" + id})`;
  return id;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`markets repo on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const sql = app.deps.db.sql;
    try {
      const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ada", "Bo"]);
      const bettor = await app.as("bettor");
      const other = await app.as("bettor", "other");
      const strike = await insertTestMarket(sql, {
        laneId: "1",
        sessionId,
        bowlerId: bowlerIds[0],
      });
      const pins = await insertTestMarket(sql, {
        laneId: "1",
        sessionId,
        bowlerId: bowlerIds[0],
        kind: "pins-over-under",
        line: 8.5,
        fair: { over: 0.4, under: 0.6 },
      });

      await t.step("pools sum the stakes of non-void bets by outcome", async () => {
        await rawBet(sql, { userId: bettor.id, marketId: strike, outcome: "yes", stake: 300 });
        await rawBet(sql, { userId: other.id, marketId: strike, outcome: "yes", stake: 200 });
        await rawBet(sql, { userId: other.id, marketId: strike, outcome: "no", stake: 500 });
        await rawBet(sql, {
          userId: other.id,
          marketId: strike,
          outcome: "no",
          stake: 9999,
          state: "void",
        });
        const pools = await poolsOf(sql, [strike, pins]);
        assert.deepEqual(pools.get(strike), { yes: 500, no: 500 });
        assert.deepEqual(pools.get(pins), {});
      });

      await t.step(
        "a market reads as the wire contract, odds from the pools after takeout",
        async () => {
          const m = await getMarket(sql, strike);
          assert.ok(m);
          MarketSchema.parse(m);
          assert.equal(m.totalPool, 1000);
          assert.deepEqual(m.outcomes.map((o) => [o.key, o.pool, o.odds, o.fairProbability]), [
            ["yes", 500, 1.8, 0.3],
            ["no", 500, 1.8, 0.7],
          ]);
          assert.deepEqual(m.ball.bowler.name, "Ada");
          assert.equal(m.line, undefined);
          const p = await getMarket(sql, pins);
          assert.equal(p?.line, 8.5);
          assert.deepEqual(p?.outcomes.map((o) => o.odds), [null, null]);
          assert.equal(await getMarket(sql, "not-a-uuid"), null);
          assert.equal(await getMarket(sql, crypto.randomUUID()), null);
        },
      );

      await t.step("a lane lists live markets first, then its last settled ones", async () => {
        const old = await insertTestMarket(sql, {
          laneId: "1",
          sessionId,
          bowlerId: bowlerIds[1],
          state: "void",
        });
        const list = await laneMarkets(sql, "1");
        assert.deepEqual(list.map((m) => m.id), [strike, pins, old]);
        assert.deepEqual(await laneMarkets(sql, "2"), []);
        const staffList = await listMarkets(sql, { states: ["void"], limit: 10 });
        assert.deepEqual(staffList.map((m) => m.id), [old]);
      });

      await t.step(
        "bets are listed per user and status, someone else's bet is not found",
        async () => {
          const mine = await listBets(sql, { userId: bettor.id, limit: 10 });
          assert.equal(mine.length, 1);
          assert.equal(mine[0].market.ball.bowler.name, "Ada");
          assert.deepEqual(await getBet(sql, mine[0].id, other.id), null);
          assert.equal((await getBet(sql, mine[0].id, bettor.id))?.stake, 300);
          const voids = await listBets(sql, { userId: other.id, status: "void", limit: 10 });
          assert.deepEqual(voids.map((b) => b.stake), [9999]);
          const open = await listBets(sql, { userId: other.id, status: "open", limit: 1 });
          assert.equal(open.length, 1);
          const next = await listBets(sql, {
            userId: other.id,
            status: "open",
            limit: 5,
            before: open[0].id,
          });
          assert.equal(next.length, 1);
          assert.notEqual(next[0].id, open[0].id);
        },
      );
    } finally {
      await app.close();
    }
  });
}
