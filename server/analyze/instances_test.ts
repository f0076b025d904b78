/**
 * Two API instances sharing one job queue and one upload folder (as with
 * KV_PATH=postgres and a shared ANALYZE_DIR): each runs only the jobs whose
 * upload it took, a start-up sweep leaves the other's running job and its
 * file alone, and once an instance is gone the other takes its queued job
 * over. (The analyzer is a stand-in held by a gate.)
 */
import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { expectJson } from "../users/testing.ts";
import { testShotReport } from "../shots/test_report.ts";
import { waitFor } from "../../tools/system.ts";
import type { RunInput, RunOutput } from "./runner.ts";
import { createAnalyze } from "./service.ts";
import { testPatternVideo, videoForm } from "./test_videos.ts";

Deno.test("two instances share the analysis queue without taking each other's jobs", async () => {
  const app = await createTestApp("pglite");
  const dir = await Deno.makeTempDir({ prefix: "lanecast-analyze-instances-" });
  const work = await Deno.makeTempDir();
  let open = Promise.withResolvers<void>();
  const ran: { path: string; by: string }[] = [];
  const runner = (by: string) => async (input: RunInput): Promise<RunOutput> => {
    ran.push({ path: input.path, by });
    await open.promise;
    return {
      t0Ms: 1_800_000_000_000,
      shots: [testShotReport(`inst-${ran.length}`, { standingBefore: 1023, standing: 0 })],
      models: { ball: "b", pins: "p" },
      frames: 10,
    };
  };
  const instance = (by: string) =>
    createAnalyze({
      config: { ...app.deps.config, ANALYZE_DIR: dir, ANALYZE_MAX_JOBS_PER_USER: 5 },
      kv: app.deps.kv,
      sql: app.deps.db.sql,
      run: runner(by),
      log: () => {},
    });
  const a = await instance("a");
  const b = await instance("b");
  const video = await testPatternVideo(`${work}/a.mp4`, "mp4");
  const alice = await app.as("spectator", "alice");
  const upload = async (to: typeof a) => {
    app.deps.analyze = to;
    return (await expectJson(
      await app.app.request("/api/analyze", {
        method: "POST",
        body: videoForm(video, "lane.mp4"),
        headers: alice.headers,
      }),
      202,
    )).job.id as string;
  };
  const state = async (id: string) => (await a.jobs.get(id))?.state;
  try {
    await a.worker.start();
    const first = await upload(a);
    await waitFor(async () => (await state(first)) === "running", 10_000, "a runs its job");
    const second = await upload(a); // queued behind it, a's file
    // b starts: its sweep leaves a's running job and both uploads alone, and b does not take a's.
    await b.worker.start();
    await b.worker.sweep();
    b.worker.wake();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await state(first), "running");
    assert.equal(await state(second), "queued");
    assert.equal(ran.length, 1);
    assert.equal([...Deno.readDirSync(dir)].filter((e) => e.isFile).length, 2);

    // a stops with its second job still queued (a's process is gone); b takes it over.
    open.resolve();
    await waitFor(async () => (await state(first)) === "done", 10_000, "a's first job");
    open = Promise.withResolvers<void>();
    await waitFor(() => ran.length === 2, 10_000, "a starts its second job");
    await a.worker.stop(); // aborts it: the run ends, the job is failed or cancelled by a
    const third = await upload(a); // queued for a, which is no longer alive
    await b.worker.sweep();
    b.worker.wake();
    open.resolve();
    await waitFor(async () => (await state(third)) === "done", 10_000, "b runs a's orphan");
    assert.equal(ran.at(-1)!.by, "b");
    assert.equal((await a.jobs.get(third))?.runner !== undefined, true);
  } finally {
    open.resolve();
    await a.worker.stop();
    await b.worker.stop();
    await app.close();
    await Deno.remove(work, { recursive: true });
  }
});
