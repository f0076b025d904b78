/**
 * The clip job on the real path: a real SFU with a simulated camera that
 * stamps each frame's capture time into its pixels, a shot recorded through
 * the outbox, the worker cutting the shot's window through the real
 * `SfuClient.cutClip`. The stored clip is decoded with ffmpeg: its first and
 * last frames carry the window's capture times, its poster is a JPEG, and it
 * plays through the signed media URL.
 */
import assert from "node:assert/strict";
import { startTestSfu } from "../../sfu/testing.ts";
import { clipStamps, publishStamped } from "../../sfu/replay/testing.ts";
import { waitFor } from "../../tools/system.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createSfuClient } from "../sfu_client.ts";
import { createTestApp } from "../testing.ts";
import { getClipOfShot } from "./repo.ts";
import { createClipWorker } from "./worker.ts";

const KEYFRAME_MS = 1000;

Deno.test("a shot's clip cut by the real SFU starts and ends at the shot's window", async () => {
  const sfu = await startTestSfu({
    REPLAY_BUFFER_S: "15",
    REPLAY_KEYFRAME_MS: String(KEYFRAME_MS),
  });
  const cam = publishStamped(sfu, "1");
  const app = await createTestApp("pglite");
  try {
    const client = createSfuClient(sfu.url, {});
    await waitFor(
      async () => {
        const w = await client.bufferWindow("1").catch(() => null);
        return !!w && w.fromMs !== null && w.toMs! - w.fromMs >= 6000;
      },
      30_000,
      "6 s of lane 1 in the replay buffer",
    );
    // A shot released 4.5 s ago whose pins fell 2.5 s ago: its window is [-5.5 s, -1 s].
    const now = Date.now();
    const report = testShotReport("realsfu-0001");
    report.events = [
      { ...report.events[0], captureTimeMs: now - 4500 },
      { ...report.events[1], captureTimeMs: now - 2500 },
    ];
    await recordShot(app.deps.db.sql, {}, "1", report);
    await app.outbox.drain();
    const worker = createClipWorker({
      sql: app.deps.db.sql,
      kv: app.deps.kv,
      sfu: client,
      store: app.deps.clips!.store,
      log: () => {},
    });
    const outcome = await worker.step();
    assert.equal(outcome, "ready");
    const clip = await getClipOfShot(app.deps.db.sql, "realsfu-0001");
    assert.equal(clip?.state, "ready");
    assert.deepEqual([clip!.fromMs, clip!.toMs], [now - 5500, now - 1000]);
    const dir = app.deps.config.CLIP_DIR!;
    const bytes = await Deno.readFile(`${dir}/${clip!.videoKey}`);
    const stamps = await clipStamps(bytes);
    const first = stamps[0], last = stamps[stamps.length - 1];
    if (first === null || last === null) {
      throw new Error("The first and last frames carry no stamp");
    }
    // The clip starts at the keyframe at or before the window's start and ends in its last frame.
    assert.ok(
      first <= clip!.fromMs + 60 && first >= clip!.fromMs - KEYFRAME_MS - 150,
      `first ${first}`,
    );
    assert.ok(last <= clip!.toMs + 60 && last >= clip!.toMs - 150, `last ${last}`);
    assert.ok(Math.abs(clip!.durationMs! - (last - first)) <= 120, `duration ${clip!.durationMs}`);
    const poster = await Deno.readFile(`${dir}/${clip!.posterKey}`);
    assert.deepEqual([...poster.slice(0, 2)], [0xff, 0xd8]);
    const view = await app.deps.clips!.view(clip);
    const served = await app.app.request(view.url!);
    assert.equal(served.status, 200);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes);
  } finally {
    await cam.stop();
    await app.close();
    await sfu.close();
  }
});
