/**
 * One user's parallel uploads (review M2): the per-user cap holds a place
 * before a byte of the body is written, so uploads past the cap are refused
 * at once (429 `too_many_analyze_jobs`) instead of streaming up to
 * ANALYZE_MAX_BYTES each to disk first; a refused upload gives its place back.
 */
import assert from "node:assert/strict";
import { waitFor } from "../../tools/system.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";
import { createAnalyze } from "./service.ts";
import { testPatternVideo, videoForm } from "./test_videos.ts";

/** A multipart upload of `video` whose last bytes wait until `finish()`. */
function heldUpload(video: Uint8Array) {
  const boundary = "lanecast-parallel-test";
  const enc = new TextEncoder();
  const opening = enc.encode(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.mp4"\r\n` +
      "content-type: video/mp4\r\n\r\n",
  );
  let finish = () => {};
  const finished = new Promise<void>((r) => finish = r);
  let step = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (step++ === 0) {
        controller.enqueue(opening);
        controller.enqueue(video.slice(0, video.length - 16));
        return;
      }
      await finished;
      controller.enqueue(video.slice(video.length - 16));
      controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
      controller.close();
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, finish };
}

/** An app whose analysis (worker not started) allows `maxPerUser` unfinished jobs, and a test video. */
async function withAnalyze(
  maxPerUser: number,
  fn: (
    app: Awaited<ReturnType<typeof createTestApp>>,
    analyze: Awaited<ReturnType<typeof createAnalyze>>,
    dir: string,
    video: Uint8Array,
  ) => Promise<void>,
) {
  const app = await createTestApp("pglite");
  const dir = await Deno.makeTempDir({ prefix: "lanecast-analyze-parallel-" });
  const work = await Deno.makeTempDir();
  const analyze = app.deps.analyze = await createAnalyze({
    config: { ...app.deps.config, ANALYZE_DIR: dir, ANALYZE_MAX_JOBS_PER_USER: maxPerUser },
    kv: app.deps.kv,
    sql: app.deps.db.sql,
    run: () => Promise.reject(new Error("the worker is not started")),
    log: () => {},
  });
  try {
    await fn(app, analyze, dir, await testPatternVideo(`${work}/a.mp4`, "mp4"));
  } finally {
    await analyze.worker.stop();
    await app.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(work, { recursive: true });
  }
}

Deno.test("parallel uploads past one user's cap are refused before their bodies reach the disk", async () => {
  await withAnalyze(2, async (app, _analyze, dir, video) => {
    const user = await app.as("spectator", "parallel");
    const uploads = Array.from({ length: 4 }, () => heldUpload(video));
    const answers: (Response | undefined)[] = [];
    const pending = uploads.map((u, i) =>
      Promise.resolve(app.app.request("/api/analyze", {
        method: "POST",
        body: u.body,
        headers: { ...user.headers, "content-type": u.contentType },
      })).then((res) => answers[i] = res)
    );
    // Two of four are refused while every body is still open.
    await waitFor(() => answers.filter(Boolean).length >= 2, 20_000, "two refusals");
    const refused = answers.flatMap((r, i) => r ? [i] : []);
    assert.equal(refused.length, 2);
    for (const i of refused) await expectProblem(answers[i]!, 429, "too_many_analyze_jobs");
    const parts = [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".part"));
    assert.ok(parts.length <= 2, `${parts.length} uploads written at once past a cap of 2`);
    for (const u of uploads) u.finish();
    await Promise.all(pending);
    for (const [i, res] of answers.entries()) {
      if (!refused.includes(i)) assert.equal((await expectJson(res!, 202)).job.state, "queued");
    }
    // Both places are taken by the queued jobs now.
    await expectProblem(
      await app.app.request("/api/analyze", {
        method: "POST",
        body: videoForm(video, "c.mp4"),
        headers: user.headers,
      }),
      429,
      "too_many_analyze_jobs",
    );
  });
});

Deno.test("a refused upload gives its place back", async () => {
  await withAnalyze(1, async (app, analyze, _dir, video) => {
    const user = await app.as("spectator", "release");
    const post = (bytes: Uint8Array) =>
      app.app.request("/api/analyze", {
        method: "POST",
        body: videoForm(bytes, "a.mp4"),
        headers: user.headers,
      });
    for (let i = 0; i < 3; i++) {
      await expectProblem(await post(new TextEncoder().encode("not a video")), 415, null);
    }
    assert.equal(await analyze.jobs.activeCount(user.id), 0);
    await expectJson(await post(video), 202);
    assert.equal(await analyze.jobs.activeCount(user.id), 1);
  });
});
