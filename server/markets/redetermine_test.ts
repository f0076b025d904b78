import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { addBall, closeSession, correctBall } from "../sessions/service.ts";
import { createTestApp } from "../testing.ts";
import { disputeMarket, resolveMarket } from "./disputes.ts";
import { finalizeDue } from "./finalize.ts";
import {
  available,
  betStates,
  fund,
  makeBettors,
  marketState,
  placeBets,
  posted,
} from "./settle_fixture.ts";
import { settleDeps } from "../outbox/topics.ts";
import { insertTestMarket, openTestSession } from "./test_fixture.ts";

const FUNDS = 1_000;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`re-determination, disputes and finalization on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger, live } = app.deps;
    const deps = settleDeps(app.deps);
    const staff = await app.as("staff", "redetermine-staff");
    const actor = { user: staff };
    const [a, b] = await makeBettors(sql, `redet-${kind}`, 2);
    await fund(sql, ledger, [a, b], FUNDS);

    /** A fresh session on lane 3, a strike market on its first ball, a (yes 300) and b (no 700), ball a strike. */
    async function settledStrike() {
      const open = await sql<{ id: string }[]>`
        select id from bowling_sessions where lane_id = '3' and status = 'open'`;
      for (const s of open) await closeSession(sql, app.deps, s.id, actor);
      const { sessionId, bowlerIds } = await openTestSession(app, "3", ["Bea"]);
      const marketId = await insertTestMarket(sql, {
        laneId: "3",
        sessionId,
        bowlerId: bowlerIds[0],
      });
      const bets = await placeBets(sql, ledger, [
        { userId: a, marketId, outcome: "yes", stake: 300 },
        { userId: b, marketId, outcome: "no", stake: 700 },
      ]);
      const sheet = await addBall(sql, app.deps, sessionId, { standing: 0, foul: false }, actor);
      await app.outbox.drain();
      const ballId = sheet.bowlers[0].frames[0].balls[0].id;
      return { sessionId, bowlerId: bowlerIds[0], marketId, bets, ballId };
    }
    /** Staff correct the ball: the 1 pin stood (no strike). */
    const pinOneStood = (sessionId: string, ballId: string) =>
      correctBall(
        sql,
        app.deps,
        sessionId,
        ballId,
        { standing: 1, foul: false, reason: "The 1 pin stood" },
        actor,
      );
    const ok = async () => assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });

    try {
      await t.step(
        "a correction re-determines: the spent winnings come back from the house, the new winner is paid",
        async () => {
          const { sessionId, bowlerId, marketId, bets, ballId } = await settledStrike();
          assert.equal(await available(sql, ledger, a), FUNDS - 300 + 900);
          // a spends 1,500 of the 1,600 on another market before the correction.
          const other = await insertTestMarket(sql, {
            laneId: "3",
            sessionId,
            bowlerId,
            frame: 2,
          });
          await placeBets(sql, ledger, [{
            userId: a,
            marketId: other,
            outcome: "no",
            stake: 1500,
          }]);
          const houseBefore = await posted(sql, ledger, "house");
          await pinOneStood(sessionId, ballId);
          assert.equal(await app.outbox.drain(), 1);
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.result, m.determinations], ["determined", "no", 2]);
          assert.deepEqual(await betStates(sql, bets), [
            { state: "lost", payout: 0, void_reason: null },
            { state: "won", payout: 900, void_reason: null },
          ]);
          // a had 100 available: clawed back; the house covers the other 800.
          assert.equal(await available(sql, ledger, a), 0);
          assert.equal(await available(sql, ledger, b), FUNDS - 700 + 900);
          assert.equal(houseBefore.posted - (await posted(sql, ledger, "house")).posted, 800);
          assert.deepEqual(await posted(sql, ledger, "escrow", marketId), {
            posted: 0,
            pending: 0,
          });
          const [entry] = await sql<{ detail: Record<string, unknown> }[]>`
            select detail from audit_log where action = 'market.redetermine' and target_id = ${marketId}`;
          assert.deepEqual(
            [entry.detail.from, entry.detail.to, entry.detail.clawedBack, entry.detail.shortfall],
            ["yes", "no", 100, 800],
          );
          await ok();
        },
      );

      await t.step(
        "a finalized market never changes on a correction; the audit says so",
        async () => {
          await fund(sql, ledger, [a], 2_000);
          const { sessionId, marketId, ballId } = await settledStrike();
          assert.equal(await finalizeDue({ sql, live, windowS: 3600 }), 0, "inside the window");
          assert.ok(await finalizeDue({ sql, live, windowS: 0 }) >= 1);
          const before = await available(sql, ledger, a);
          await pinOneStood(sessionId, ballId);
          await app.outbox.drain();
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.result, m.determinations], ["finalized", "yes", 1]);
          assert.equal(await available(sql, ledger, a), before);
          const [entry] = await sql<{ detail: Record<string, unknown> }[]>`
          select detail from audit_log where action = 'market.redetermine' and target_id = ${marketId}`;
          assert.equal(entry.detail.changed, false);
          assert.match(String(entry.detail.why), /Finalized/);
          await ok();
        },
      );

      await t.step(
        "a disputed market is held from finalizing; voiding it refunds every stake",
        async () => {
          await fund(sql, ledger, [a, b], 2_000);
          const { marketId, bets } = await settledStrike();
          const before = [await available(sql, ledger, a), await available(sql, ledger, b)];
          await disputeMarket(sql, deps, marketId, "Camera shook", actor);
          assert.equal((await marketState(sql, marketId)).state, "disputed");
          await finalizeDue({ sql, live, windowS: 0 });
          assert.equal((await marketState(sql, marketId)).state, "disputed");
          await resolveMarket(sql, deps, marketId, { void: true, reason: "Camera shook" }, actor);
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.result, m.void_reason], ["void", null, "Camera shook"]);
          assert.deepEqual((await betStates(sql, bets)).map((s) => s.state), ["void", "void"]);
          // a had won 900 on 300: back to before the bet; b gets 700 back.
          assert.deepEqual(
            [await available(sql, ledger, a), await available(sql, ledger, b)],
            [before[0] - 900 + 300, before[1] + 700],
          );
          assert.deepEqual(await posted(sql, ledger, "escrow", marketId), {
            posted: 0,
            pending: 0,
          });
          await ok();
        },
      );

      await t.step("resolving a dispute with the other result pays the other side", async () => {
        await fund(sql, ledger, [a, b], 2_000);
        const { marketId, bets } = await settledStrike();
        await disputeMarket(sql, deps, marketId, "Pin 1 wobbled", actor);
        await resolveMarket(sql, deps, marketId, { result: "no", reason: "It stood" }, actor);
        const m = await marketState(sql, marketId);
        assert.deepEqual([m.state, m.result, m.determinations], ["determined", "no", 2]);
        assert.deepEqual((await betStates(sql, bets)).map((s) => s.state), ["lost", "won"]);
        await assert.rejects(
          () => resolveMarket(sql, deps, marketId, { result: "yes", reason: "Again" }, actor),
          /Cannot resolve a "determined" market/,
        );
        await ok();
      });
    } finally {
      await app.close();
    }
  });
}
