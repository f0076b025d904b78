/**
 * A hidden lane stays hidden behind its markets and uploads (review L3): for
 * anyone but staff its market is 404 `unknown_market` (read or bet on), and
 * an analysis upload naming it is 404 `unknown_lane`; staff still see it.
 */
import assert from "node:assert/strict";
import { createAnalyze } from "../analyze/service.ts";
import { testPatternVideo, videoForm } from "../analyze/test_videos.ts";
import {
  client,
  fund,
  insertTestMarket,
  moneySnapshot,
  openTestSession,
} from "../markets/test_fixture.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

Deno.test("a hidden lane's market and lane id are not found for the public, staff still see them", async (t) => {
  const app = await createTestApp("pglite");
  const { get, post } = client(app);
  const sql = app.deps.db.sql;
  const dir = await Deno.makeTempDir({ prefix: "lanecast-hidden-reach-" });
  const work = await Deno.makeTempDir();
  try {
    app.deps.analyze = await createAnalyze({
      config: { ...app.deps.config, ANALYZE_DIR: dir },
      kv: app.deps.kv,
      sql,
      run: () => Promise.reject(new Error("the worker is not started")),
      secondOpinion: null,
      log: () => {},
    });
    const { sessionId, bowlerIds } = await openTestSession(app, "1", ["Ada"]);
    const marketId = await insertTestMarket(sql, {
      laneId: "1",
      sessionId,
      bowlerId: bowlerIds[0],
    });
    const bettor = await app.as("bettor", "hidden-bettor");
    const spectator = await app.as("spectator", "hidden-viewer");
    const staff = await app.as("staff", "hidden-staff");
    await fund(app, bettor.id, 1_000);
    await sql`update lanes set hidden = true where id = '1'`;

    await t.step("reading its market", async () => {
      await expectProblem(await get(`/markets/${marketId}`), 404, "unknown_market");
      await expectProblem(
        await get(`/markets/${marketId}`, bettor.headers),
        404,
        "unknown_market",
      );
      const seen = await expectJson(await get(`/markets/${marketId}`, staff.headers), 200);
      assert.equal(seen.market.id, marketId);
    });

    await t.step("betting on it: 404, nothing held", async () => {
      const before = await moneySnapshot(app);
      await expectProblem(
        await post("/bets", {
          marketId,
          outcome: "yes",
          stake: 100,
          marketVersion: 1,
          idempotencyKey: "hidden-bet",
        }, bettor.headers),
        404,
        "unknown_market",
      );
      assert.deepEqual(await moneySnapshot(app), before);
    });

    await t.step("naming it in an analysis upload", async () => {
      const video = await testPatternVideo(`${work}/a.mp4`, "mp4");
      const upload = (headers: Record<string, string>) =>
        app.app.request("/api/analyze", {
          method: "POST",
          body: videoForm(video, "a.mp4", { laneId: "1" }),
          headers,
        });
      await expectProblem(await upload(spectator.headers), 404, "unknown_lane");
      const { job } = await expectJson(await upload(staff.headers), 202);
      assert.equal(job.laneId, "1");
    });
  } finally {
    await app.deps.analyze?.worker.stop();
    await app.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(work, { recursive: true });
  }
});
