import assert from "node:assert/strict";
import { FULL_RACK } from "../../core/pins.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { walletOf } from "../ledger/wallet.ts";
import { testLaneEvent } from "../live/lane_event_fixture.ts";
import { createTestApp } from "../testing.ts";
import { laneMarkets } from "./repo.ts";
import { available, fund, makeBettors, placeBets } from "./settle_fixture.ts";
import { lockMarkets } from "./settle_repo.ts";
import { openTestSession } from "./test_fixture.ts";
import { voidUndetermined } from "./void_markets.ts";
import { settleBall } from "./settle.ts";
import { settleDeps } from "../outbox/topics.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(
    `on ${kind}, a suspended market's stakes are posted before the ball lands; the wallet does not change, and a void refunds them`,
    async () => {
      const app = await createTestApp(kind);
      const { sql } = app.deps.db;
      const { ledger, laneEvents } = app.deps;
      const engine = app.startMarkets();
      try {
        const [a, b] = await makeBettors(sql, `stakes-${kind}`, 2);
        await fund(sql, ledger, [a, b], 5_000);
        await openTestSession(app, "1", ["Dee"]);
        await laneEvents.receive(testLaneEvent({ type: "rack-ready", standing: FULL_RACK }));
        await engine.idle();
        const strike = (await laneMarkets(sql, "1")).find((m) => m.kind === "strike")!;
        const placedAt = new Date(Date.now() - 1_000);
        const bets = await placeBets(sql, ledger, [
          { userId: a, marketId: strike.id, outcome: "yes", stake: 300, placedAt },
          { userId: b, marketId: strike.id, outcome: "no", stake: 700, placedAt },
        ]);
        const wallet = () => walletOf(sql, { ledger, demo: true }, { id: a, role: "bettor" });
        const before = await wallet();
        assert.deepEqual([before.available, before.pending, before.balance], [4_700, 300, 5_000]);

        await laneEvents.receive(
          testLaneEvent({ type: "approach", captureTimeMs: Date.now() - 20 }),
        );
        await engine.idle();
        assert.ok(await app.outbox.drain() >= 1, "market.stakes ran");
        const posted = await sql<{ id: string }[]>`
          select id from ledger_transfers where type = 'post' and market_id = ${strike.id}`;
        assert.equal(posted.length, 2, "both stakes posted while the bets are still open");
        assert.deepEqual(await wallet(), before, "the bettor's wallet reads the same");
        assert.deepEqual(await ledger.accountBalance(sql, { kind: "escrow", owner: strike.id }), {
          posted: 1_000,
          pending: 0,
        });
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
        assert.equal(await app.outbox.drain(), 0, "a second run finds nothing to do");

        await sql.begin(async (tx) => {
          await voidUndetermined(tx, { ledger }, await lockMarkets(tx, [strike.id]), "test void");
        });
        assert.equal(await available(sql, ledger, a), 5_000);
        assert.equal(await available(sql, ledger, b), 5_000);
        const states = await sql<{ state: string }[]>`
          select state from bets where id = any(${bets}::uuid[])`;
        assert.deepEqual(states.map((s) => s.state), ["void", "void"]);
        assert.deepEqual(await ledger.accountBalance(sql, { kind: "escrow", owner: strike.id }), {
          posted: 0,
          pending: 0,
        });
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      } finally {
        await app.close();
      }
    },
  );

  Deno.test(
    `on ${kind}, settlement skips posting stakes only while the market is as it was when they were posted`,
    async () => {
      const app = await createTestApp(kind);
      const { sql } = app.deps.db;
      const { ledger, laneEvents } = app.deps;
      const engine = app.startMarkets();
      try {
        const [a, b, c] = await makeBettors(sql, `skip-${kind}`, 3);
        await fund(sql, ledger, [a, b, c], 5_000);
        await openTestSession(app, "1", ["Dee"]);
        await laneEvents.receive(testLaneEvent({ type: "rack-ready", standing: FULL_RACK }));
        await engine.idle();
        const strike = (await laneMarkets(sql, "1")).find((m) => m.kind === "strike")!;
        const placedAt = new Date(Date.now() - 1_000);
        await placeBets(sql, ledger, [
          { userId: a, marketId: strike.id, outcome: "yes", stake: 300, placedAt },
          { userId: b, marketId: strike.id, outcome: "no", stake: 700, placedAt },
        ]);
        await laneEvents.receive(
          testLaneEvent({ type: "approach", captureTimeMs: Date.now() - 20 }),
        );
        await engine.idle();
        await app.outbox.drain();
        // Then the market changes (as staff reopening it would) and takes one more bet,
        // whose stake the posting at suspension never saw.
        await sql`update markets set version = version + 1 where id = ${strike.id}`;
        const [late] = await placeBets(sql, ledger, [
          { userId: c, marketId: strike.id, outcome: "yes", stake: 200, placedAt },
        ]);
        await sql.begin(async (tx) => {
          const markets = await lockMarkets(tx, [strike.id]);
          await settleBall(
            tx,
            settleDeps(app.deps),
            {
              standingBefore: FULL_RACK,
              standingAfter: 0,
              foul: false,
              shotId: null,
            },
            null,
            markets,
          );
        });
        const [post] = await sql<{ id: string }[]>`
          select id from ledger_transfers where id = ${`stake-post:${late}`}`;
        assert.ok(post, "the late bet's stake was posted by settlement");
        // Pool 1,200, 10 % takeout: 1,080 shared by 500 of winning stake.
        assert.equal(await available(sql, ledger, c), 5_000 - 200 + 432);
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      } finally {
        await app.close();
      }
    },
  );
}
