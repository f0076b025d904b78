import assert from "node:assert/strict";
import { FULL_RACK } from "../../core/pins.ts";
import type { PlaceBet } from "../../core/markets.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { testLaneEvent } from "../live/lane_event_fixture.ts";
import { placeBets } from "../markets/place_bet.ts";
import { laneMarkets } from "../markets/repo.ts";
import { available, fund, makeBettors } from "../markets/settle_fixture.ts";
import { openTestSession } from "../markets/test_fixture.ts";
import { createTestApp } from "../testing.ts";
import { exclude, realityCheck, setLimits } from "./service.ts";
import { assertMayBet } from "./checks.ts";

const code = (r: { ok: boolean; error?: unknown }) =>
  r.ok ? "ok" : (r.error as { code?: string }).code ?? String(r.error);

for (const kind of TEST_DB_KINDS) {
  Deno.test(`responsible play on the bet path on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger, laneEvents } = app.deps;
    const engine = app.startMarkets();
    try {
      const ids = await makeBettors(sql, `limits-${kind}`, 4);
      const [ok, out, loser, timeout] = ids.map((id) => ({
        id,
        email: `${id}@x.test`,
        role: "bettor" as const,
      }));
      await fund(sql, ledger, ids, 1_000);
      await openTestSession(app, "1", ["Dee"]);
      await laneEvents.receive(testLaneEvent({ type: "rack-ready", standing: FULL_RACK }));
      await engine.idle();
      const strike = (await laneMarkets(sql, "1")).find((m) => m.kind === "strike")!;
      const body = (key: string, stake: number): PlaceBet => ({
        marketId: strike.id,
        outcome: "yes",
        stake,
        marketVersion: strike.version,
        idempotencyKey: `limits-key-${key}`,
      });
      const now = new Date();
      await exclude(sql, out, "self-exclusion", 182, now);
      await exclude(sql, timeout, "time-out", 1, now);
      await setLimits(sql, loser, { lossDaily: 300 }, now);

      await t.step(
        "a batch refuses only the bets of excluded or over-limit bettors; the others place",
        async () => {
          const before = await sql`select count(*)::int as n from bets`;
          const results = await placeBets(app.deps, [
            { user: ok, body: body("ok1", 100) },
            { user: out, body: body("out1", 100) },
            { user: loser, body: body("loser1", 200) },
            { user: loser, body: body("loser2", 200) }, // 400 could be lost: over 300
            { user: timeout, body: body("timeout1", 100) },
            { user: loser, body: body("loser3", 100) }, // 300 in all: at the limit
          ]);
          assert.deepEqual(results.map(code), [
            "ok",
            "self-excluded",
            "ok",
            "loss-limit",
            "self-excluded",
            "ok",
          ]);
          const [after] = await sql<{ n: number }[]>`select count(*)::int as n from bets`;
          assert.equal(after.n, before[0].n + 3);
          assert.equal(await available(sql, ledger, out.id), 1_000, "nothing held");
          assert.equal(await available(sql, ledger, timeout.id), 1_000, "nothing held");
          assert.equal(await available(sql, ledger, loser.id), 700);
          assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
        },
      );

      await t.step("the reality check sums the play session the bets began", async () => {
        const later = new Date(Date.now() + 10 * 60_000);
        const r = await realityCheck(sql, loser.id, later);
        assert.deepEqual([r.staked, r.won, r.net], [300, 0, -300]);
        assert.ok(r.since && r.minutes >= 9 && r.minutes <= 11, JSON.stringify(r));
        const idle = await realityCheck(sql, loser.id, new Date(Date.now() + 31 * 60_000));
        assert.equal(idle.since, null, "30 min without a bet ends the session");
      });

      await t.step("a batch of only refused bets leaves nothing behind", async () => {
        const results = await placeBets(app.deps, [{ user: out, body: body("out2", 10) }]);
        assert.deepEqual(results.map(code), ["self-excluded"]);
        assert.equal(await available(sql, ledger, out.id), 1_000);
      });

      await t.step("a time-out ends after its days; the bet after it places", async () => {
        const dayLater = new Date(now.getTime() + 86_400_001);
        await assertMayBet(sql, timeout.id, 100, dayLater);
        const results = await placeBets({ ...app.deps, now: () => dayLater }, [
          { user: timeout, body: body("timeout2", 100) },
        ]);
        assert.deepEqual(results.map(code), ["ok"]);
      });

      await t.step(
        "a loss limit raised waits 24 h before it lets more stakes through",
        async () => {
          await setLimits(sql, loser, { lossDaily: 1_000 }, now);
          await assert.rejects(
            () => assertMayBet(sql, loser.id, 100, new Date(now.getTime() + 3_600_000)),
            (e: Error & { code?: string }) => e.code === "loss-limit",
          );
          const later = new Date(now.getTime() + 86_400_000);
          await assertMayBet(sql, loser.id, 100, later);
          const results = await placeBets({ ...app.deps, now: () => later }, [
            { user: loser, body: body("loser4", 100) },
          ]);
          assert.deepEqual(results.map(code), ["ok"]);
        },
      );
    } finally {
      await engine.stop();
      await app.close();
    }
  });
}
