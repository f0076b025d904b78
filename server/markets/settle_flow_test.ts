import assert from "node:assert/strict";
import { FULL_RACK } from "../../core/pins.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { testLaneEvent } from "../live/lane_event_fixture.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import { laneMarkets } from "./repo.ts";
import { available, fund, makeBettors, placeBets } from "./settle_fixture.ts";
import { openTestSession } from "./test_fixture.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(
    `the AI's shot settles the markets the engine opened, on ${kind}: rack-ready → approach → shot → paid`,
    async () => {
      const app = await createTestApp(kind);
      const { sql } = app.deps.db;
      const { ledger, laneEvents } = app.deps;
      const engine = app.startMarkets();
      try {
        const [a, b] = await makeBettors(sql, `flow-${kind}`, 2);
        await fund(sql, ledger, [a, b], 5_000);
        await openTestSession(app, "1", ["Dee"]);
        await laneEvents.receive(testLaneEvent({ type: "rack-ready", standing: FULL_RACK }));
        await engine.idle();
        const markets = await laneMarkets(sql, "1");
        const strike = markets.find((m) => m.kind === "strike")!;
        const pins = markets.find((m) => m.kind === "pins-over-under")!;
        const placedAt = new Date(Date.now() - 1_000); // well before the approach below
        await placeBets(sql, ledger, [
          { userId: a, marketId: strike.id, outcome: "yes", stake: 300, placedAt },
          { userId: b, marketId: strike.id, outcome: "no", stake: 700, placedAt },
          { userId: a, marketId: pins.id, outcome: "under", stake: 500, placedAt },
          { userId: b, marketId: pins.id, outcome: "over", stake: 500, placedAt },
        ]);
        const approach = Date.now() - 20;
        await laneEvents.receive(testLaneEvent({ type: "approach", captureTimeMs: approach }));
        await engine.idle();
        const res = await app.app.request("/api/inference/lanes/1/shots", {
          method: "POST",
          headers: {
            authorization: `Bearer ${TEST_INFERENCE_KEY}`,
            "content-type": "application/json",
          },
          body: JSON.stringify(testShotReport("flow-shot-0001", {
            standing: 0,
            events: [
              { type: "approach", captureTimeMs: approach, confidence: 0.9, model: "m@1" },
              { type: "release", captureTimeMs: approach + 10, confidence: 0.9, model: "m@1" },
            ],
          })),
        });
        assert.equal(res.status, 201);
        assert.equal(
          await app.outbox.drain(),
          5,
          "market.stakes of both markets (the approach), shot.score, shot.clip, then ball.settle",
        );
        await engine.idle();
        const after = new Map((await laneMarkets(sql, "1")).map((m) => [m.id, m]));
        assert.deepEqual(
          [after.get(strike.id)?.state, after.get(strike.id)?.result],
          ["determined", "yes"],
        );
        assert.deepEqual(
          [after.get(pins.id)?.state, after.get(pins.id)?.result],
          ["determined", "over"],
        );
        // strike: pool 1000, net 900 to a; pins: pool 1000, net 900 to b.
        assert.equal(await available(sql, ledger, a), 5_000 - 300 - 500 + 900);
        assert.equal(await available(sql, ledger, b), 5_000 - 700 - 500 + 900);
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      } finally {
        await app.close();
      }
    },
  );
}
