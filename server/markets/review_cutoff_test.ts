import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import { betStates, fund, makeBettors, marketState, placeBets } from "./settle_fixture.ts";
import { insertTestMarket, openTestSession } from "./test_fixture.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`a review-confirmed ball voids the bets placed after its shot's approach (${kind})`, async () => {
    const app = await createTestApp(kind);
    try {
      const { sql } = app.deps.db;
      const { ledger } = app.deps;
      const staff = await app.as("staff", "cutoff-staff");
      const [a, b, late] = await makeBettors(sql, `cutoff-${kind}`, 3);
      await fund(sql, ledger, [a, b, late], 5_000);
      const { sessionId, bowlerIds } = await openTestSession(app, "2", ["Cal"]);
      const marketId = await insertTestMarket(sql, {
        laneId: "2",
        sessionId,
        bowlerId: bowlerIds[0],
        frame: 1,
        ball: 1,
        kind: "strike",
      });
      const approachAt = Date.now() + 60_000;
      const bets = await placeBets(sql, ledger, [
        {
          userId: a,
          marketId,
          outcome: "yes",
          stake: 300,
          placedAt: new Date(approachAt - 10_000),
        },
        { userId: b, marketId, outcome: "no", stake: 700, placedAt: new Date(approachAt - 10_000) },
        {
          userId: late,
          marketId,
          outcome: "yes",
          stake: 500,
          placedAt: new Date(approachAt + 1_000),
        },
      ]);
      // An unsure shot (it goes to review) whose own events show the approach before the late bet;
      // no live approach event ever reached the market.
      const shot = await app.app.request("/api/inference/lanes/2/shots", {
        method: "POST",
        headers: {
          authorization: `Bearer ${TEST_INFERENCE_KEY}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(testShotReport("cutoff-shot", {
          standing: 0,
          pinConfidence: 0.6,
          events: [
            { type: "approach", captureTimeMs: approachAt, confidence: 0.9, model: "m@1" },
            { type: "release", captureTimeMs: approachAt + 2_000, confidence: 0.9, model: "m@1" },
          ],
        })),
      });
      assert.equal(shot.status, 201);
      await app.outbox.drain();
      assert.equal((await marketState(sql, marketId)).review_reason, "unsure");

      const res = await app.app.request("/api/markets/reviews/cutoff-shot", {
        method: "POST",
        headers: { ...staff.headers, "content-type": "application/json" },
        body: JSON.stringify({ action: "confirm" }),
      });
      assert.equal(res.status, 200);
      await app.outbox.drain();
      assert.equal((await marketState(sql, marketId)).state, "determined");
      assert.deepEqual((await betStates(sql, bets)).map((s) => s.state), ["won", "lost", "void"]);
      assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
    } finally {
      await app.close();
    }
  });
}
