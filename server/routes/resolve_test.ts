/**
 * Resolving an upload staff attached to a lane ball, on PGlite and
 * PostgreSQL, with a stand-in for the analyzer: only staff may attach one,
 * to a ball with a market on that lane; a sure read settles the ball's
 * market through the ledger exactly once (a repeat moves nothing), an unsure
 * one waits in the video review queue until staff decide, a final market is
 * 409, a crash inside the settlement leaves no trace, and a free-standing
 * upload never moves money.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import type { ShotReport } from "../../core/shot_report.ts";
import { createAnalyze } from "../analyze/service.ts";
import type { RunOutput } from "../analyze/runner.ts";
import { testPatternVideo, videoForm } from "../analyze/test_videos.ts";
import type { Ledger } from "../ledger/ledger.ts";
import {
  betStates,
  fund,
  makeBettors,
  marketState,
  placeBets,
  transferIds,
} from "../markets/settle_fixture.ts";
import { insertTestMarket, moneySnapshot, openTestSession } from "../markets/test_fixture.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

/** A strike, sure: pins and foul line both at or above the auto-settle confidence. */
const STRIKE = { standingBefore: 1023, standing: 0 };
const UNSURE = { ...STRIKE, pinConfidence: 0.9 };

for (const kind of TEST_DB_KINDS) {
  Deno.test(`resolving a lane ball's video on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { sql } = app.deps.db;
    const dir = await Deno.makeTempDir({ prefix: "lanecast-resolve-test-" });
    const work = await Deno.makeTempDir();
    let report: Partial<ShotReport> = STRIKE;
    const run = (): Promise<RunOutput> =>
      Promise.resolve({
        t0Ms: 1_800_000_000_000,
        shots: [testShotReport("lane-video-1", report)],
        models: { ball: "b", pins: "p" },
        frames: 10,
      });
    app.deps.analyze = await createAnalyze({
      config: { ...app.deps.config, ANALYZE_DIR: dir, ANALYZE_MAX_JOBS_PER_USER: 50 },
      kv: app.deps.kv,
      sql,
      run,
      secondOpinion: null,
      log: () => {},
    });
    const analyze = app.deps.analyze;
    const mp4 = await testPatternVideo(`${work}/a.mp4`, "mp4");
    const spectator = await app.as("spectator", "resolve-viewer");
    const staff = await app.as("staff", "resolve-desk");
    const admin = await app.as("admin", "resolve-admin");
    const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ann"]);
    const bowlerId = bowlerIds[0];
    const [a, b, c] = await makeBettors(sql, `resolve-${kind}`, 3);
    await fund(sql, app.deps.ledger, [a, b, c], 10_000);

    /**
     * A strike market on `frame` ball 1 with a on yes (300), b on no (700), c on
     * yes (100), suspended by staff (a video settles no market that still takes bets).
     */
    async function market(frame: number, { open = false, ball = 1 } = {}) {
      const marketId = await insertTestMarket(sql, {
        laneId: "1",
        sessionId,
        bowlerId,
        frame,
        ball,
      });
      const bets = await placeBets(sql, app.deps.ledger, [
        { userId: a, marketId, outcome: "yes", stake: 300 },
        { userId: b, marketId, outcome: "no", stake: 700 },
        { userId: c, marketId, outcome: "yes", stake: 100 },
      ]);
      if (!open) {
        const res = await app.app.request(`/api/markets/${marketId}/suspend`, {
          method: "POST",
          headers: staff.headers,
        });
        assert.ok(res.ok, await res.text());
      }
      return { marketId, bets };
    }
    const ballFields = (frame: number, over: Record<string, string> = {}) => ({
      laneId: "1",
      sessionId,
      bowlerId,
      frame: String(frame),
      ball: "1",
      ...over,
    });
    const upload = (who: { headers: Record<string, string> }, fields: Record<string, string>) =>
      app.app.request("/api/analyze", {
        method: "POST",
        body: videoForm(mp4, "ball.mp4", fields),
        headers: who.headers,
      });
    /** Uploads as staff (attached to `fields`' ball), runs the analysis, returns its id. */
    async function analysed(fields: Record<string, string>, shot: Partial<ShotReport>) {
      report = shot;
      const { job } = await expectJson(await upload(staff, fields), 202);
      await analyze.worker.drain();
      return job.id as string;
    }
    const resolve = (who: { headers: Record<string, string> }, analysisId: string) =>
      app.app.request("/api/resolve", {
        method: "POST",
        headers: { ...who.headers, "content-type": "application/json" },
        body: JSON.stringify({ analysisId, shotIndex: 0, question: { kind: "strike" } }),
      });
    const ledgerCheck = async () =>
      await expectJson(
        await app.app.request("/api/admin/ledger/check", { headers: admin.headers }),
        200,
      );
    const states = async (ids: string[]) => (await betStates(sql, ids)).map((s) => s.state);
    const ledgerOk = async () =>
      assert.deepEqual(await ledgerCheck(), { ok: true, violations: [] });
    const uploads = () => [...Deno.readDirSync(dir)].filter((e) => e.isFile).length;

    try {
      await t.step("a spectator cannot attach an upload to a lane ball (403)", async () => {
        await market(1);
        const before = uploads();
        await expectProblem(await upload(spectator, ballFields(1)), 403, "lane_ball_forbidden");
        assert.equal(uploads(), before);
      });

      await t.step("a ball the lane has no market on, or half a ball, is refused", async () => {
        await expectProblem(await upload(staff, ballFields(9)), 404, "unknown_lane_ball");
        await expectProblem(
          await upload(staff, ballFields(1, { laneId: "2" })),
          404,
          "unknown_lane_ball",
        );
        await expectProblem(
          await upload(staff, ballFields(1, { bowlerId: "" })),
          400,
          "lane_ball_incomplete",
        );
        await expectProblem(
          await upload(staff, ballFields(1, { laneId: "" })),
          400,
          "lane_ball_incomplete",
        );
      });

      await t.step(
        "a sure read pays the winners exactly once; a repeat moves nothing",
        async () => {
          const { marketId, bets } = await market(2);
          const id = await analysed(ballFields(2), STRIKE);
          const first = await expectJson(await resolve(staff, id), 200);
          assert.equal(first.status, "RESOLVED");
          assert.equal(first.outcome, "YES");
          assert.equal(first.payout_triggered, true);
          // pool 1100, net 990: a floor(300 × 990 / 400) = 742, c floor(100 × 990 / 400) = 247.
          assert.deepEqual((await betStates(sql, bets)).map((s) => [s.state, s.payout]), [
            ["won", 742],
            ["lost", 0],
            ["won", 247],
          ]);
          assert.equal((await marketState(sql, marketId)).state, "determined");
          await ledgerOk();
          const transfers = await transferIds(sql);
          const again = await expectJson(await resolve(staff, id), 200);
          assert.deepEqual(again, { ...first, payout_triggered: false });
          assert.deepEqual(await transferIds(sql), transfers);
          const [audit] = await sql<{ n: number }[]>`
          select count(*)::int as n from audit_log
          where action = 'market.video-resolve' and target_id = ${marketId}`;
          assert.equal(audit.n, 1);
        },
      );

      await t.step("only staff may resolve a lane ball's video", async () => {
        await market(3);
        const id = await analysed(ballFields(3), STRIKE);
        await sql`update video_analyses set user_id = ${spectator.id} where id = ${id}`;
        const before = await moneySnapshot(app);
        await expectProblem(await resolve(spectator, id), 403, "lane_ball_forbidden");
        assert.deepEqual(await moneySnapshot(app), before);
      });

      await t.step("an unsure read waits for staff; confirming it pays once", async () => {
        const { marketId, bets } = await market(4);
        const id = await analysed(ballFields(4), UNSURE);
        const before = await moneySnapshot(app);
        const waiting = await expectJson(await resolve(staff, id), 200);
        assert.equal(waiting.status, "NEEDS_REVIEW");
        assert.equal(waiting.payout_triggered, false);
        assert.deepEqual(await moneySnapshot(app), before);
        const { reviews } = await expectJson(
          await app.app.request("/api/markets/video-reviews", { headers: staff.headers }),
          200,
        );
        const review = reviews.find((r: { analysisId: string }) => r.analysisId === id);
        assert.equal(review.market.id, marketId);
        assert.equal(review.proposed, "yes");
        const decide = (body: unknown) =>
          app.app.request(`/api/markets/video-reviews/${review.id}`, {
            method: "POST",
            headers: { ...staff.headers, "content-type": "application/json" },
            body: JSON.stringify(body),
          });
        const decided = await expectJson(await decide({ action: "confirm" }), 200);
        assert.equal(decided.payout_triggered, true);
        assert.equal(decided.market.state, "determined");
        assert.deepEqual(await states(bets), ["won", "lost", "won"]);
        await ledgerOk();
        const transfers = await transferIds(sql);
        await expectProblem(await decide({ action: "confirm" }), 409, "video_resolution_decided");
        const after = await expectJson(await resolve(staff, id), 200);
        assert.equal(after.status, "RESOLVED");
        assert.equal(after.payout_triggered, false);
        assert.deepEqual(await transferIds(sql), transfers);
        const [audit] = await sql<{ n: number }[]>`
          select count(*)::int as n from audit_log
          where action = 'market.video-review' and target_id = ${marketId}`;
        assert.equal(audit.n, 1);
      });

      await t.step(
        "a sure read against a determined market waits for staff; confirming it pays again",
        async () => {
          const { marketId, bets } = await market(5);
          await expectJson(await resolve(staff, await analysed(ballFields(5), STRIKE)), 200);
          const settled = await transferIds(sql);
          const other = await analysed(ballFields(5), { ...STRIKE, standing: 0b1000000000 });
          const second = await expectJson(await resolve(staff, other), 200);
          assert.equal(second.outcome, "NO");
          assert.equal(second.status, "NEEDS_REVIEW", "a video never reverses a settlement alone");
          assert.equal(second.payout_triggered, false);
          assert.deepEqual(await states(bets), ["won", "lost", "won"]);
          assert.deepEqual(await transferIds(sql), settled);
          const { reviews } = await expectJson(
            await app.app.request("/api/markets/video-reviews", { headers: staff.headers }),
            200,
          );
          const review = reviews.find((r: { analysisId: string }) => r.analysisId === other);
          assert.equal(review.market.id, marketId);
          const decided = await expectJson(
            await app.app.request(`/api/markets/video-reviews/${review.id}`, {
              method: "POST",
              headers: { ...staff.headers, "content-type": "application/json" },
              body: JSON.stringify({ action: "confirm" }),
            }),
            200,
          );
          assert.equal(decided.payout_triggered, true);
          assert.deepEqual(await states(bets), ["lost", "won", "lost"]);
          await ledgerOk();
        },
      );

      await t.step("a market that still takes bets is 409 market_open; nothing moves", async () => {
        const { marketId } = await market(9, { open: true });
        const id = await analysed(ballFields(9), STRIKE);
        const before = await moneySnapshot(app);
        await expectProblem(await resolve(staff, id), 409, "market_open");
        assert.deepEqual(await moneySnapshot(app), before);
        assert.equal((await marketState(sql, marketId)).state, "open");
      });

      await t.step(
        "a review decided after staff reopened the market is 409 market_open; reject still works",
        async () => {
          const { marketId, bets } = await market(10, { ball: 2 });
          const id = await analysed(ballFields(10, { ball: "2" }), UNSURE);
          assert.equal((await expectJson(await resolve(staff, id), 200)).status, "NEEDS_REVIEW");
          const { reviews } = await expectJson(
            await app.app.request("/api/markets/video-reviews", { headers: staff.headers }),
            200,
          );
          const review = reviews.find((r: { analysisId: string }) => r.analysisId === id);
          // Staff reopen it (the state machine's `reopen`): bets may come in again.
          await sql`update markets set state = 'open' where id = ${marketId}`;
          const decide = (body: unknown) =>
            app.app.request(`/api/markets/video-reviews/${review.id}`, {
              method: "POST",
              headers: { ...staff.headers, "content-type": "application/json" },
              body: JSON.stringify(body),
            });
          const before = await moneySnapshot(app);
          await expectProblem(await decide({ action: "confirm" }), 409, "market_open");
          await expectProblem(
            await decide({ action: "override", outcome: "no", reason: "Seen again" }),
            409,
            "market_open",
          );
          assert.deepEqual(await moneySnapshot(app), before);
          assert.deepEqual(await states(bets), ["open", "open", "open"]);
          assert.equal((await marketState(sql, marketId)).state, "open");
          await expectJson(await decide({ action: "reject", reason: "Reopened" }), 200);
          assert.equal((await marketState(sql, marketId)).state, "open");
        },
      );

      await t.step("a finalized or void market is 409 market_closed", async () => {
        // No bets: a finalized market's escrow must be empty for the ledger check.
        const marketId = await insertTestMarket(sql, {
          laneId: "1",
          sessionId,
          bowlerId,
          frame: 6,
        });
        const id = await analysed(ballFields(6), STRIKE);
        for (const [state, result] of [["finalized", "yes"], ["void", null]]) {
          await sql`
            update markets set state = ${state}, result = ${result},
              void_reason = ${result ? null : "Test"}
            where id = ${marketId}`;
          const before = await moneySnapshot(app);
          await expectProblem(await resolve(staff, id), 409, "market_closed");
          assert.deepEqual(await moneySnapshot(app), before);
        }
      });

      await t.step(
        "a crash inside the settlement leaves nothing; the retry pays once",
        async () => {
          const { marketId, bets } = await market(7);
          const id = await analysed(ballFields(7), STRIKE);
          const real = app.deps.ledger;
          app.deps.ledger = {
            ...real,
            currency: real.currency,
            transferMany: async (...args: Parameters<Ledger["transferMany"]>) => {
              await real.transferMany(...args);
              throw new Error("connection lost mid-transaction");
            },
          } as Ledger;
          const before = await transferIds(sql);
          try {
            assert.equal((await resolve(staff, id)).status, 500);
          } finally {
            app.deps.ledger = real;
          }
          assert.deepEqual(await transferIds(sql), before);
          assert.deepEqual(await states(bets), ["open", "open", "open"]);
          assert.equal((await marketState(sql, marketId)).state, "suspended");
          const [rows] = await sql<{ n: number }[]>`
          select count(*)::int as n from video_resolutions where analysis_id = ${id}`;
          assert.equal(rows.n, 0);
          const retry = await expectJson(await resolve(staff, id), 200);
          assert.equal(retry.payout_triggered, true);
          assert.deepEqual(await states(bets), ["won", "lost", "won"]);
          await ledgerOk();
        },
      );

      await t.step("a video that could not see the rack is read against the sheet's", async () => {
        const { bets } = await market(10);
        const id = await analysed(ballFields(10), { ...STRIKE, standingBefore: null });
        const answer = await expectJson(await resolve(staff, id), 200);
        assert.equal(answer.status, "RESOLVED");
        assert.equal(answer.outcome, "YES");
        assert.equal(answer.payout_triggered, true);
        assert.deepEqual(await states(bets), ["won", "lost", "won"]);
        await ledgerOk();
      });

      await t.step("a free-standing upload answers without moving money", async () => {
        await market(8);
        const id = await analysed({ laneId: "1" }, STRIKE);
        const before = await moneySnapshot(app);
        const answer = await expectJson(await resolve(staff, id), 200);
        assert.equal(answer.outcome, "YES");
        assert.equal(answer.payout_triggered, false);
        assert.deepEqual(await moneySnapshot(app), before);
      });
    } finally {
      await analyze.worker.stop();
      await app.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  });
}
