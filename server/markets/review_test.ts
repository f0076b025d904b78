import assert from "node:assert/strict";
import type { ShotReport } from "../../core/shot_report.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { checkLedger } from "../ledger/check.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../testing.ts";
import {
  available,
  betStates,
  fund,
  makeBettors,
  marketState,
  placeBets,
} from "./settle_fixture.ts";
import { insertTestMarket, openTestSession } from "./test_fixture.ts";

const FUNDS = 5_000;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`review queue on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const { ledger } = app.deps;
    const staff = await app.as("staff", "review-staff");
    const bettor = await app.as("bettor", "review-bettor");
    const [a, b] = await makeBettors(sql, `review-${kind}`, 2);
    await fund(sql, ledger, [a, b], FUNDS);
    const { sessionId, bowlerIds } = await openTestSession(app, "2", ["Cal"]);
    let releasedAt = Date.now() + 1_000;

    /** An unsure shot on lane 2 that read every pin down, scored through the outbox. */
    async function unsureShot(id: string, over: Partial<ShotReport> = {}) {
      releasedAt += 10_000;
      const res = await app.app.request("/api/inference/lanes/2/shots", {
        method: "POST",
        headers: {
          authorization: `Bearer ${TEST_INFERENCE_KEY}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(testShotReport(id, {
          standing: 0,
          pinConfidence: 0.6,
          events: [{ type: "release", captureTimeMs: releasedAt, confidence: 0.9, model: "m@1" }],
          ...over,
        })),
      });
      assert.equal(res.status, 201);
      await app.outbox.drain();
    }
    /** A strike (or spare, on a second ball) market with a (yes 300) and b (no 700). */
    async function market(frame: number, ball = 1, kind?: "strike") {
      const marketId = await insertTestMarket(sql, {
        laneId: "2",
        sessionId,
        bowlerId: bowlerIds[0],
        frame,
        ball,
        kind: kind ?? (ball === 1 ? "strike" : "spare"),
      });
      const bets = await placeBets(sql, ledger, [
        { userId: a, marketId, outcome: "yes", stake: 300 },
        { userId: b, marketId, outcome: "no", stake: 700 },
      ]);
      return { marketId, bets };
    }
    const decide = (shotId: string, body: unknown, headers = staff.headers) =>
      app.app.request(`/api/markets/reviews/${shotId}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    try {
      await t.step(
        "an unsure shot suspends its ball's markets for review; staff see the proposed result",
        async () => {
          const { marketId } = await market(1);
          await unsureShot("review-shot-1");
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.review_reason, m.shot_id], [
            "suspended",
            "unsure",
            "review-shot-1",
          ]);
          const res = await app.app.request("/api/markets/reviews", { headers: staff.headers });
          assert.equal(res.status, 200);
          const { reviews } = await res.json();
          assert.equal(reviews.length, 1);
          assert.equal(reviews[0].shot.id, "review-shot-1");
          assert.deepEqual(reviews[0].proposed, { standing: 0, pinsStanding: [], foul: false });
          assert.equal(reviews[0].pinConfidence, 0.6);
          assert.equal(reviews[0].models.pins, "pins-test@1");
          assert.equal(reviews[0].pinProbabilities.length, 10);
          assert.deepEqual(reviews[0].markets.map((x: { id: string }) => x.id), [marketId]);
          assert.equal(
            (await app.app.request("/api/markets/reviews", { headers: bettor.headers })).status,
            403,
          );
        },
      );

      await t.step(
        "confirm records the AI's read as the ball and settles its markets",
        async () => {
          const [{ marketId }] = await sql<{ marketId: string }[]>`
          select id as "marketId" from markets where shot_id = 'review-shot-1'`;
          const res = await decide("review-shot-1", { action: "confirm" });
          assert.equal(res.status, 200);
          await app.outbox.drain();
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.result, m.review_reason], ["determined", "yes", null]);
          assert.equal(await available(sql, ledger, a), FUNDS - 300 + 900);
          const [ball] = await sql<{ source: string; shot_id: string }[]>`
          select source, shot_id from session_balls where session_id = ${sessionId}`;
          assert.deepEqual([ball.source, ball.shot_id], ["manual", "review-shot-1"]);
          const again = await decide("review-shot-1", { action: "confirm" });
          assert.equal(again.status, 409);
          assert.equal(again.headers.get("content-type"), "application/problem+json");
          assert.equal((await again.json()).code, "shot_not_in_review");
        },
      );

      await t.step("override records staff's read, with a reason, and settles by it", async () => {
        const { marketId, bets } = await market(2);
        await unsureShot("review-shot-2");
        const res = await decide("review-shot-2", {
          action: "override",
          standing: 0b1,
          foul: false,
          reason: "The 1 pin stood",
        });
        assert.equal(res.status, 200);
        await app.outbox.drain();
        const m = await marketState(sql, marketId);
        assert.deepEqual([m.state, m.result], ["determined", "no"]);
        assert.deepEqual((await betStates(sql, bets)).map((s) => s.state), ["lost", "won"]);
        const [audit] = await sql<{ detail: { action: string; reason: string } }[]>`
          select detail from audit_log where action = 'market.review' and target_id = 'review-shot-2'`;
        assert.deepEqual([audit.detail.action, audit.detail.reason], [
          "override",
          "The 1 pin stood",
        ]);
      });

      await t.step("void voids the waiting markets and refunds every stake", async () => {
        const { marketId, bets } = await market(2, 2); // the 1 pin stood in frame 2
        const before = [await available(sql, ledger, a), await available(sql, ledger, b)];
        await unsureShot("review-shot-3");
        const res = await decide("review-shot-3", { action: "void", reason: "Camera blocked" });
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.equal(body.markets[0].state, "void");
        const m = await marketState(sql, marketId);
        assert.deepEqual([m.state, m.void_reason], ["void", "Camera blocked"]);
        assert.deepEqual((await betStates(sql, bets)).map((s) => s.state), ["void", "void"]);
        assert.deepEqual(
          [await available(sql, ledger, a), await available(sql, ledger, b)],
          [before[0] + 300, before[1] + 700],
        );
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      });

      await t.step(
        "a sure shot that cannot follow the sheet sends its markets to review with the reason",
        async () => {
          // Pin 1 stands in frame 2: a ball showing pins 1 and 2 standing is impossible.
          const { marketId } = await market(2, 2, "strike"); // the spare one is void already
          await unsureShot("review-shot-4", {
            standing: 0b11,
            pinConfidence: 0.999,
            foulConfidence: 0.999,
          });
          const m = await marketState(sql, marketId);
          assert.deepEqual([m.state, m.review_reason, m.shot_id], [
            "suspended",
            "impossible_ball",
            "review-shot-4",
          ]);
          const res = await decide("review-shot-4", { action: "void", reason: "Pinsetter fault" });
          assert.equal(res.status, 200);
          assert.equal((await marketState(sql, marketId)).state, "void");
        },
      );

      await t.step("dispute and resolve answer 404, 409 and 400 as problems", async () => {
        const post = (path: string, body: unknown) =>
          app.app.request(`/api/markets/${path}`, {
            method: "POST",
            headers: { ...staff.headers, "content-type": "application/json" },
            body: JSON.stringify(body),
          });
        const unknown = await post(`${crypto.randomUUID()}/dispute`, { reason: "Looked wrong" });
        assert.equal(unknown.status, 404);
        assert.equal((await unknown.json()).code, "unknown_market");
        const [{ id }] = await sql<{ id: string }[]>`
          select id from markets where shot_id = 'review-shot-3'`;
        const voided = await post(`${id}/dispute`, { reason: "Looked wrong" });
        assert.equal(voided.status, 409);
        assert.equal((await voided.json()).code, "market_state");
        const bad = await post(`${id}/resolve`, { result: "yes" });
        assert.equal(bad.status, 400);
        assert.equal(bad.headers.get("content-type"), "application/problem+json");
      });

      await t.step("an unknown shot is 404, a bad body 400, a bettor 403", async () => {
        const unknown = await decide("no-such-shot-1", { action: "confirm" });
        assert.equal(unknown.status, 404);
        assert.equal((await unknown.json()).code, "unknown_shot");
        const bad = await decide("review-shot-3", { action: "override", standing: 2048 });
        assert.equal(bad.status, 400);
        assert.equal(bad.headers.get("content-type"), "application/problem+json");
        const bad2 = await decide("review-shot-3", { action: "nope" });
        assert.equal(bad2.status, 400);
        assert.equal(
          (await decide("review-shot-3", { action: "confirm" }, bettor.headers)).status,
          403,
        );
      });
    } finally {
      await app.close();
    }
  });
}
