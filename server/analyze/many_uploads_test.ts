/**
 * Ten people upload at once: every upload is taken (streamed to its own
 * file), the jobs queue in KV, and the running worker analyses at most
 * ANALYZE_CONCURRENCY of them at a time, so a burst of uploads cannot take
 * the machine's cores or memory from the live lanes; every job ends and
 * every file is gone. (The analyzer is a stand-in that counts how many run
 * at once; the real one is in analyze_sim_test.ts.)
 */
import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { expectJson } from "../users/testing.ts";
import { testShotReport } from "../shots/test_report.ts";
import { waitFor } from "../../tools/system.ts";
import type { RunOutput } from "./runner.ts";
import { createAnalyze } from "./service.ts";
import { testPatternVideo, videoForm } from "./test_videos.ts";

Deno.test("ten uploads at once are all taken and analysed one at a time", async () => {
  const app = await createTestApp("pglite");
  const dir = await Deno.makeTempDir({ prefix: "lanecast-analyze-many-" });
  const work = await Deno.makeTempDir();
  let running = 0;
  let most = 0;
  let done = 0;
  const run = async (): Promise<RunOutput> => {
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, 20));
    running--;
    done++;
    return {
      t0Ms: 1_800_000_000_000,
      shots: [testShotReport(`many-${done}`, { standingBefore: 1023, standing: 0 })],
      models: { ball: "b", pins: "p" },
      frames: 10,
    };
  };
  const analyze = app.deps.analyze = await createAnalyze({
    config: { ...app.deps.config, ANALYZE_DIR: dir, ANALYZE_CONCURRENCY: 1 },
    kv: app.deps.kv,
    sql: app.deps.db.sql,
    run,
    log: () => {},
  });
  try {
    const video = await testPatternVideo(`${work}/a.mp4`, "mp4");
    const people = await Promise.all(
      Array.from({ length: 10 }, (_, i) => app.as("spectator", `viewer${i}`)),
    );
    await analyze.worker.start();
    const answers = await Promise.all(people.map((p) =>
      app.app.request("/api/analyze", {
        method: "POST",
        body: videoForm(video, "lane.mp4"),
        headers: p.headers,
      })
    ));
    const jobs = await Promise.all(answers.map(async (res) => (await expectJson(res, 202)).job));
    assert.equal(new Set(jobs.map((j) => j.id)).size, 10);
    await waitFor(
      async () => {
        const states = await Promise.all(jobs.map(async (job, i) =>
          (await expectJson(
            await app.app.request(`/api/analyze/${job.id}`, { headers: people[i].headers }),
            200,
          )).job.state
        ));
        return states.every((s) => s === "done");
      },
      60_000,
      "every job to be done",
    );
    assert.equal(done, 10, "each upload analysed once");
    assert.equal(most, 1, "never more than ANALYZE_CONCURRENCY at once");
    assert.deepEqual(
      [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name),
      [],
      "every upload's file is gone",
    );
  } finally {
    await analyze.worker.stop();
    await app.close();
    await Deno.remove(work, { recursive: true });
  }
});
