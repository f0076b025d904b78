/**
 * A real 101 MB upload against the default ANALYZE_MAX_BYTES (100 MB): the
 * body is generated as a stream, 1 MB at a time from one reused buffer, so
 * neither side ever holds it whole. Streamed without a length it is read to
 * the limit and refused 413 `video_too_large` as problem+json, its partial
 * file deleted, the process's memory growing by far less than the upload;
 * declared with its length it is refused before a byte is written.
 */
import assert from "node:assert/strict";
import { createTestApp } from "../testing.ts";
import { expectProblem } from "../users/testing.ts";
import { createAnalyze } from "./service.ts";
import { testPatternVideo } from "./test_videos.ts";

const MB = 1_000_000;
const SIZE = 101 * MB;

/** A multipart body holding `head` then zeros up to `size` bytes of file, made as it is read. */
function streamedForm(head: Uint8Array, size: number, onChunk: () => void) {
  const boundary = "lanecast-limit-test";
  const enc = new TextEncoder();
  const opening = enc.encode(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.mp4"\r\n` +
      "content-type: video/mp4\r\n\r\n",
  );
  const closing = enc.encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(MB);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      onChunk();
      if (sent === 0) {
        controller.enqueue(opening);
        controller.enqueue(head);
        sent = head.length;
      } else if (sent < size) {
        const n = Math.min(MB, size - sent);
        // The same zeros each time (a view, not a copy), so the memory measured is the
        // server's, not this generator's garbage; a reader that detached the buffer would
        // make this enqueue throw.
        controller.enqueue(chunk.subarray(0, n));
        sent += n;
      } else {
        controller.enqueue(closing);
        controller.close();
      }
    },
  });
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: opening.length + size + closing.length,
  };
}

Deno.test("a 101 MB upload over the default 100 MB limit is refused 413, streamed, its temp file gone", async (t) => {
  const app = await createTestApp("pglite");
  const dir = await Deno.makeTempDir({ prefix: "lanecast-analyze-limit-" });
  const work = await Deno.makeTempDir();
  try {
    assert.equal(app.deps.config.ANALYZE_MAX_BYTES, 100 * MB, "the default limit");
    app.deps.analyze = await createAnalyze({
      config: { ...app.deps.config, ANALYZE_DIR: dir },
      kv: app.deps.kv,
      sql: app.deps.db.sql,
      run: () => Promise.reject(new Error("nothing should run")),
      log: () => {},
    });
    const user = await app.as("spectator", "big");
    const head = await testPatternVideo(`${work}/head.mp4`, "mp4");
    const files = () => [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name);

    await t.step(
      "streamed without a length: read to the limit, refused, nothing kept",
      async () => {
        const base = Deno.memoryUsage().rss;
        let peak = base;
        let chunks = 0;
        const form = streamedForm(head, SIZE, () => {
          chunks++;
          peak = Math.max(peak, Deno.memoryUsage().rss);
        });
        const res = await app.app.request("/api/analyze", {
          method: "POST",
          body: form.body,
          headers: { ...user.headers, "content-type": form.contentType },
        });
        const problem = await expectProblem(res, 413, "video_too_large");
        assert.equal(problem.maxBytes, 100 * MB);
        assert.ok(chunks >= 100, `the body was read up to the limit (${chunks} chunks)`);
        assert.ok(
          peak - base < 64 * MB,
          `memory grew ${Math.round((peak - base) / MB)} MB for a ${SIZE / MB} MB upload`,
        );
        assert.deepEqual(files(), [], "the partial file is deleted");
      },
    );

    await t.step("declared with its length: refused before anything is written", async () => {
      let chunks = 0;
      const form = streamedForm(head, SIZE, () => chunks++);
      const res = await app.app.request("/api/analyze", {
        method: "POST",
        body: form.body,
        headers: {
          ...user.headers,
          "content-type": form.contentType,
          "content-length": String(form.length),
        },
      });
      await expectProblem(res, 413, "video_too_large");
      assert.ok(chunks <= 2, `at most the stream's first pull (${chunks})`);
      assert.deepEqual(files(), []);
      await form.body.cancel().catch(() => {});
    });
  } finally {
    await app.deps.analyze?.worker.stop();
    await app.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(work, { recursive: true });
  }
});
