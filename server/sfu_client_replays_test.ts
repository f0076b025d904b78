import assert from "node:assert/strict";
import { DomainError } from "../core/errors.ts";
import { replayWindow } from "../core/replay_window.ts";
import { probeClip, publishStamped, untilBuffered } from "../sfu/replay/testing.ts";
import { startTestSfu } from "../sfu/testing.ts";
import { createSfuClient } from "./sfu_client.ts";

const SERVICE_KEY = "test-sfu-service-key-0123456789";

Deno.test("the server's SFU client reads a lane's buffer, cuts a clip and plays a replay with the service key", async () => {
  const t = await startTestSfu({ SFU_SERVICE_KEY: SERVICE_KEY });
  const cam = publishStamped(t, "1");
  const sfu = createSfuClient(t.url, { serviceKey: SERVICE_KEY });
  try {
    await untilBuffered(t, "1", 3500);
    const held = await sfu.bufferWindow("1");
    assert.ok(held.bytes > 0 && held.packets > 0 && held.toMs! - held.fromMs! >= 3500);
    const window = replayWindow({ releaseMs: held.toMs! - 2000, pinfallMs: held.toMs! - 1600 }, {
      preMs: 1000,
      postMs: 1500,
    });
    const clip = await sfu.cutClip("1", window);
    assert.equal(clip.contentType, "video/webm");
    assert.equal(await probeClip(clip.bytes, "codec_name"), "vp8");
    assert.ok(
      clip.fromMs <= window.fromMs && clip.toMs <= window.toMs && clip.toMs > window.toMs - 100,
    );
    assert.equal(clip.durationMs, clip.toMs - clip.fromMs);
    const played = await sfu.playReplay("1", { shotId: "shot-1", ...window });
    assert.equal(played.toMs, window.toMs);
    assert.ok(played.fromMs <= window.fromMs);
  } finally {
    await cam.stop();
    await t.close();
  }
});

Deno.test("the server's SFU client turns the SFU's refusals of a request into DomainErrors with its code, and its own failures into sfu_unavailable", async () => {
  const t = await startTestSfu({ SFU_SERVICE_KEY: SERVICE_KEY });
  const cam = publishStamped(t, "2");
  try {
    await untilBuffered(t, "2");
    const sfu = createSfuClient(t.url, { serviceKey: SERVICE_KEY });
    const held = await sfu.bufferWindow("2");
    const codeOf = (p: Promise<unknown>) =>
      p.then(() => "none", (e) => e instanceof DomainError ? e.code : `not a DomainError: ${e}`);
    assert.equal(
      await codeOf(sfu.cutClip("2", { fromMs: held.fromMs! - 9000, toMs: held.fromMs! - 8000 })),
      "replay_window_gone",
    );
    assert.equal(
      await codeOf(sfu.playReplay("9", { shotId: "s", fromMs: 1, toMs: 2 })),
      "unknown_lane",
    );
    assert.equal(await codeOf(sfu.cutClip("2", { fromMs: 1, toMs: 60_000 })), "clip_too_long");
    const stranger = createSfuClient(t.url, { serviceKey: "not-the-service-key-0123456789" });
    // The SFU refusing the server's own key is no fault of the caller's.
    assert.equal(await codeOf(stranger.bufferWindow("2")), "sfu_unavailable");
    const gone = await sfu.cutClip("2", { fromMs: held.toMs! + 2000, toMs: held.toMs! + 4000 })
      .catch((e) => e);
    assert.equal(gone.code, "replay_window_gone");
    assert.ok(gone.retryAfter >= 1, "a window not in the buffer yet says when to try again");
  } finally {
    await cam.stop();
    await t.close();
  }
});
