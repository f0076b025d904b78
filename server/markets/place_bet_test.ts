import assert from "node:assert/strict";
import { FULL_RACK } from "../../core/pins.ts";
import type { PlaceBet } from "../../core/markets.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { testLaneEvent } from "../live/lane_event_fixture.ts";
import { createTestApp } from "../testing.ts";
import { createBetQueue, placeBets } from "./place_bet.ts";
import { laneMarkets } from "./repo.ts";
import { available, fund, makeBettors } from "./settle_fixture.ts";
import { openTestSession } from "./test_fixture.ts";

const code = (r: { ok: boolean; error?: unknown }) =>
  r.ok ? "ok" : (r.error as { code?: string }).code ?? String(r.error);

for (const kind of TEST_DB_KINDS) {
  Deno.test(`bets placed together on ${kind}: each judged alone, in one transaction`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger, laneEvents } = app.deps;
    const engine = app.startMarkets();
    try {
      const ids = await makeBettors(sql, `batch-${kind}`, 3);
      const [a, b, c] = ids.map((id) => ({ id, email: `${id}@x.test`, role: "bettor" as const }));
      await fund(sql, ledger, [a.id, b.id], 1_000);
      await openTestSession(app, "1", ["Dee"]);
      await laneEvents.receive(testLaneEvent({ type: "rack-ready", standing: FULL_RACK }));
      await engine.idle();
      const strike = (await laneMarkets(sql, "1")).find((m) => m.kind === "strike")!;
      const body = (key: string, stake: number, outcome = "yes"): PlaceBet => ({
        marketId: strike.id,
        outcome,
        stake,
        marketVersion: strike.version,
        idempotencyKey: `batch-key-${key}`,
      });

      await t.step(
        "a short wallet, a stale version or a taken key refuses only its own bet",
        async () => {
          const results = await placeBets(app.deps, [
            { user: a, body: body("a1", 600) },
            { user: a, body: body("a2", 600) }, // 400 left: refused
            { user: b, body: body("b1", 300, "no") },
            { user: c, body: body("c1", 10) }, // no money at all
            { user: b, body: { ...body("b2", 10), marketVersion: strike.version + 1 } },
            { user: a, body: body("a1", 600) }, // the same key and body: the first bet
            { user: b, body: body("b1", 999, "no") }, // the same key, another body
            { user: a, body: body("a3", 400) }, // fits what is left after a1
            { user: b, body: { ...body("b3", 10), marketId: strike.id.toUpperCase() } },
          ]);
          assert.deepEqual(results.map(code), [
            "ok",
            "insufficient-funds",
            "ok",
            "insufficient-funds",
            "market-version-stale",
            "ok",
            "idempotency_key_reused",
            "ok",
            "ok", // a market id in capitals is the same market
          ]);
          const placed = results.flatMap((r) => r.ok ? [r.value] : []);
          assert.deepEqual(placed.map((p) => p.created), [true, true, false, true, true]);
          assert.equal(
            placed[2].bet.id,
            placed[0].bet.id,
            "the repeated key answers the first bet",
          );
          assert.equal(await available(sql, ledger, a.id), 0);
          assert.equal(await available(sql, ledger, b.id), 690);
          const [{ n }] = await sql<{ n: number }[]>`
          select count(*)::int as n from bets where market_id = ${strike.id}`;
          assert.equal(n, 4);
          assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
        },
      );

      await t.step(
        "a batch whose every bet is refused leaves nothing behind, not even an account",
        async () => {
          const before = await sql`select count(*)::int as n from ledger_accounts`;
          const results = await placeBets(app.deps, [{ user: c, body: body("c2", 10) }]);
          assert.deepEqual(results.map(code), ["insufficient-funds"]);
          assert.deepEqual(await sql`select count(*)::int as n from ledger_accounts`, before);
        },
      );

      await t.step("the queue batches concurrent requests and answers each its own", async () => {
        await fund(sql, ledger, [c.id], 100);
        const queue = createBetQueue(app.deps, { maxBatch: 4, concurrency: 1 });
        const settled = await Promise.allSettled([
          ...Array.from({ length: 10 }, (_, i) => queue.place(c, body(`q${i}`, 10))),
          queue.place(c, body("q10", 10)), // the eleventh: nothing left
          queue.place(c, body("q0", 10)), // a repeat of the first
        ]);
        assert.deepEqual(
          settled.map((s) =>
            s.status === "fulfilled" ? s.value.created : code({ ok: false, error: s.reason })
          ),
          [...Array(10).fill(true), "insufficient-funds", false],
        );
        assert.equal(await available(sql, ledger, c.id), 0);
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      });
    } finally {
      await engine.stop();
      await app.close();
    }
  });
}
