import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import type { LiveEvent } from "../live/hub.ts";
import { userChannel } from "../live/user_events.ts";
import { createOutboxConsumer } from "../outbox/consumer.ts";
import { outboxHandlers } from "../outbox/topics.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { addBall, closeSession, removeBowler } from "../sessions/service.ts";
import { createTestApp } from "../testing.ts";
import {
  available,
  betStates,
  fund,
  makeBettors,
  marketState,
  placeBets,
  posted,
  transferIds,
} from "./settle_fixture.ts";
import { BALL_SETTLE } from "./settle_topics.ts";
import { insertTestMarket, openTestSession } from "./test_fixture.ts";

const FUNDS = 10_000;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`settlement on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger, live } = app.deps;
    const staff = await app.as("staff", "settle-staff");
    const actor = { user: staff };
    const users = await makeBettors(sql, `settle-${kind}`, 4);
    await fund(sql, ledger, users, FUNDS);
    const [a, b, c, d] = users;

    /** A fresh session on lane 1 with one market of `marketKind` on its first ball. */
    async function freshMarket(marketKind: "strike" | "speed-over-under" = "strike") {
      const open = await sql<{ id: string }[]>`
        select id from bowling_sessions where lane_id = '1' and status = 'open'`;
      for (const s of open) await closeSession(sql, app.deps, s.id, actor);
      await app.outbox.drain();
      const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ann"]);
      const marketId = await insertTestMarket(sql, {
        laneId: "1",
        sessionId,
        bowlerId: bowlerIds[0],
        kind: marketKind,
        line: marketKind === "speed-over-under" ? 16.5 : null,
        fair: marketKind === "strike" ? { yes: 0.3, no: 0.7 } : { over: 0.5, under: 0.5 },
      });
      return { sessionId, marketId };
    }
    const strike = (sessionId: string) =>
      addBall(sql, app.deps, sessionId, { standing: 0, foul: false }, actor);
    const balances = () => Promise.all(users.map((u) => available(sql, ledger, u)));

    try {
      await t.step(
        "a strike pays the winners exactly: takeout, breakage, escrow empty, pushed to each bettor",
        async () => {
          const { sessionId, marketId } = await freshMarket();
          const bets = await placeBets(sql, ledger, [
            { userId: a, marketId, outcome: "yes", stake: 300 },
            { userId: b, marketId, outcome: "no", stake: 700 },
            { userId: c, marketId, outcome: "yes", stake: 100 },
          ]);
          const seen: LiveEvent[] = [];
          const stops = [userChannel(a), userChannel(b), "1"].map((ch) =>
            live.subscribe(ch, (e) => seen.push(e))
          );
          const takeoutBefore = await posted(sql, ledger, "takeout");
          const breakageBefore = await posted(sql, ledger, "breakage");
          await strike(sessionId);
          assert.equal(await app.outbox.drain(), 1);
          stops.forEach((s) => s());
          // pool 1100, net floor(1100 × 0.9) = 990, takeout 110;
          // a: floor(300 × 990 / 400) = 742, c: floor(100 × 990 / 400) = 247, breakage 1.
          assert.deepEqual(await betStates(sql, bets), [
            { state: "won", payout: 742, void_reason: null },
            { state: "lost", payout: 0, void_reason: null },
            { state: "won", payout: 247, void_reason: null },
          ]);
          assert.deepEqual(await balances(), [
            FUNDS - 300 + 742,
            FUNDS - 700,
            FUNDS - 100 + 247,
            FUNDS,
          ]);
          assert.equal((await posted(sql, ledger, "takeout")).posted - takeoutBefore.posted, 110);
          assert.equal((await posted(sql, ledger, "breakage")).posted - breakageBefore.posted, 1);
          assert.deepEqual(await posted(sql, ledger, "escrow", marketId), {
            posted: 0,
            pending: 0,
          });
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.result, m.determinations, m.version], [
            "determined",
            "yes",
            1,
            2, // open → determined in one write
          ]);
          const market = seen.find((e) => e.type === "market")?.data as { state: string };
          assert.equal(market.state, "determined");
          const bet = seen.find((e) => e.type === "bet")?.data as { id: string; payout: number };
          assert.ok([bets[0], bets[1]].includes(bet.id));
          const wallets = seen.filter((e) => e.type === "wallet").map((e) =>
            (e.data as { available: number }).available
          ).sort((x, y) => x - y);
          assert.deepEqual(wallets, [FUNDS - 700, FUNDS - 300 + 742].sort((x, y) => x - y));
          assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
        },
      );

      await t.step("re-running the handler for a settled ball pays nothing twice", async () => {
        const [fact] = await sql<
          { id: string; fact_id: string; payload: Record<string, unknown> }[]
        >`
          select id, fact_id, payload from outbox where topic = ${BALL_SETTLE}
          order by id desc limit 1`;
        const before = [await balances(), await transferIds(sql)];
        const handler = outboxHandlers(app.deps)[BALL_SETTLE];
        await sql.begin((tx) =>
          handler(tx, {
            id: fact.id,
            topic: BALL_SETTLE,
            factId: fact.fact_id,
            payload: fact.payload,
            attempts: 2,
            createdAt: new Date(),
          })
        );
        assert.deepEqual([await balances(), await transferIds(sql)], before);
      });

      await t.step("a one-sided market refunds every stake exactly", async () => {
        const { sessionId, marketId } = await freshMarket();
        const before = await balances();
        const bets = await placeBets(sql, ledger, [
          { userId: a, marketId, outcome: "yes", stake: 250 },
          { userId: b, marketId, outcome: "yes", stake: 50 },
        ]);
        await strike(sessionId);
        await app.outbox.drain();
        assert.deepEqual((await betStates(sql, bets)).map((s) => [s.state, s.void_reason]), [
          ["void", "one-sided"],
          ["void", "one-sided"],
        ]);
        assert.deepEqual(await balances(), before);
        assert.equal((await marketState(sql, marketId)).state, "determined");
        assert.deepEqual(await posted(sql, ledger, "escrow", marketId), { posted: 0, pending: 0 });
      });

      await t.step("nobody backing the winner refunds every stake", async () => {
        const { sessionId, marketId } = await freshMarket();
        const before = await balances();
        await placeBets(sql, ledger, [
          { userId: a, marketId, outcome: "no", stake: 250 },
          { userId: b, marketId, outcome: "no", stake: 50 },
        ]);
        await strike(sessionId);
        await app.outbox.drain();
        assert.deepEqual(await balances(), before);
      });

      await t.step("a speed market with no measured speed is void and refunds", async () => {
        const { sessionId, marketId } = await freshMarket("speed-over-under");
        const before = await balances();
        const bets = await placeBets(sql, ledger, [
          { userId: a, marketId, outcome: "over", stake: 400 },
          { userId: d, marketId, outcome: "under", stake: 600 },
        ]);
        await strike(sessionId); // a staff ball: no shot, so no speed
        await app.outbox.drain();
        const m = await marketState(sql, marketId);
        assert.equal(m.state, "void");
        assert.ok(m.void_reason);
        assert.deepEqual((await betStates(sql, bets)).map((s) => s.void_reason), [
          "market-void",
          "market-void",
        ]);
        assert.deepEqual(await balances(), before);
      });

      await t.step("a speed market settles by the launch speed of the ball's shot", async () => {
        const { marketId } = await freshMarket("speed-over-under");
        const before = await balances();
        await placeBets(sql, ledger, [
          { userId: a, marketId, outcome: "over", stake: 400 },
          { userId: d, marketId, outcome: "under", stake: 600 },
        ]);
        // The test report's launch speed is 17.2 mph; the line is 16.5.
        await recordShot(sql, {}, "1", testShotReport("settle-speed-0001", { standing: 0 }));
        assert.equal(await app.outbox.drain(), 3, "shot.score, shot.clip, then ball.settle");
        const m = await marketState(sql, marketId);
        assert.deepEqual([m.state, m.result], ["determined", "over"]);
        assert.equal((await balances())[0], before[0] - 400 + 900);
      });

      await t.step(
        "a crash after the money and before done leaves nothing; the rerun ends the same",
        async () => {
          const { sessionId, marketId } = await freshMarket();
          const before = await balances();
          const bets = await placeBets(sql, ledger, [
            { userId: a, marketId, outcome: "yes", stake: 300 },
            { userId: b, marketId, outcome: "no", stake: 700 },
          ]);
          await strike(sessionId);
          const real = outboxHandlers(app.deps)[BALL_SETTLE];
          const crashing = createOutboxConsumer({
            sql,
            handlers: {
              [BALL_SETTLE]: async (tx, fact) => {
                await real(tx, fact);
                throw new Error("Connection dropped");
              },
            },
            retryDelayMs: () => 0,
            log: () => {},
          });
          assert.equal(await crashing.step(), "failed");
          assert.deepEqual((await betStates(sql, bets)).map((s) => s.state), ["open", "open"]);
          assert.equal((await marketState(sql, marketId)).state, "open");
          assert.equal(await app.outbox.drain(), 1);
          // pool 1000, net 900: a wins 900.
          assert.deepEqual(await balances(), [
            before[0] - 300 + 900,
            before[1] - 700,
            before[2],
            before[3],
          ]);
          assert.deepEqual(await posted(sql, ledger, "escrow", marketId), {
            posted: 0,
            pending: 0,
          });
        },
      );

      await t.step(
        "a bet at or after the shot's approach is voided at settlement though no live event came",
        async () => {
          const { marketId } = await freshMarket();
          const before = await balances();
          const approach = Date.now() + 5_000;
          const bets = await placeBets(sql, ledger, [
            { userId: a, marketId, outcome: "yes", stake: 300, placedAt: new Date(approach - 1) },
            { userId: b, marketId, outcome: "no", stake: 700, placedAt: new Date(approach - 500) },
            { userId: c, marketId, outcome: "yes", stake: 500, placedAt: new Date(approach) },
          ]);
          const report = testShotReport("settle-past-post-1", {
            standing: 0,
            events: [
              { type: "approach", captureTimeMs: approach, confidence: 0.9, model: "m@1" },
              { type: "release", captureTimeMs: approach + 2000, confidence: 0.9, model: "m@1" },
              { type: "pinfall", captureTimeMs: approach + 5000, confidence: 0.99, model: "m@1" },
            ],
          });
          await recordShot(sql, {}, "1", report);
          assert.equal(await app.outbox.drain(), 3, "shot.score, shot.clip, then ball.settle");
          assert.deepEqual(await betStates(sql, bets), [
            { state: "won", payout: 900, void_reason: null },
            { state: "lost", payout: 0, void_reason: null },
            { state: "void", payout: null, void_reason: "past-posted" },
          ]);
          assert.deepEqual(await balances(), [
            before[0] - 300 + 900,
            before[1] - 700,
            before[2],
            before[3],
          ]);
          assert.equal((await marketState(sql, marketId)).shot_id, "settle-past-post-1");
          assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
        },
      );

      await t.step("closing a session voids its undetermined markets and refunds", async () => {
        const { sessionId, marketId } = await freshMarket();
        const before = await balances();
        await placeBets(sql, ledger, [{ userId: d, marketId, outcome: "yes", stake: 900 }]);
        await closeSession(sql, app.deps, sessionId, actor);
        await app.outbox.drain();
        const m = await marketState(sql, marketId);
        assert.deepEqual([m.state, m.void_reason], ["void", "Session closed"]);
        assert.deepEqual(await balances(), before);
      });

      await t.step(
        "a closed session's market on a ball already bowled still settles by that ball",
        async () => {
          const { sessionId, marketId } = await freshMarket();
          await placeBets(sql, ledger, [
            { userId: a, marketId, outcome: "yes", stake: 100 },
            { userId: b, marketId, outcome: "no", stake: 100 },
          ]);
          await strike(sessionId);
          await closeSession(sql, app.deps, sessionId, actor);
          // The close's markets.void runs first here: it leaves the bowled ball's market alone.
          const voids = createOutboxConsumer({
            sql,
            handlers: { "markets.void": outboxHandlers(app.deps)["markets.void"] },
            log: () => {},
          });
          assert.equal(await voids.drain(), 1);
          await app.outbox.drain();
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.result], ["determined", "yes"]);
        },
      );

      await t.step("removing a bowler voids their undetermined markets", async () => {
        const { sessionId, marketId } = await freshMarket();
        const before = await balances();
        await placeBets(sql, ledger, [{ userId: c, marketId, outcome: "no", stake: 400 }]);
        const [{ bowler_id }] = await sql<{ bowler_id: string }[]>`
          select bowler_id from markets where id = ${marketId}`;
        await removeBowler(sql, app.deps, sessionId, bowler_id, "Left early", actor);
        await app.outbox.drain();
        const m = await marketState(sql, marketId);
        assert.deepEqual([m.state, m.void_reason], ["void", "Bowler removed"]);
        assert.deepEqual(await balances(), before);
      });
    } finally {
      await app.close();
    }
  });
}
