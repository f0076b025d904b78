import assert from "node:assert/strict";
import { waitFor } from "../../tools/system.ts";
import { startTestSfu } from "../testing.ts";
import { clipStamps, probeClip, publishStamped } from "./testing.ts";

const KEYFRAME_MS = 1000;

Deno.test("a clip cut from the replay buffer is the window's frames in WebM, first and last frame stamped with the window's capture times", async () => {
  const t = await startTestSfu({ REPLAY_BUFFER_S: "10", REPLAY_KEYFRAME_MS: String(KEYFRAME_MS) });
  const cam = publishStamped(t, "1");
  try {
    await waitFor(
      async () => {
        const res = await fetch(`${t.url}/lanes/1/buffer`);
        const w = await res.json();
        return res.ok && w.toMs - w.fromMs > 4000;
      },
      20_000,
      "4 s in the replay buffer",
    );
    const held = await (await fetch(`${t.url}/lanes/1/buffer`)).json();
    assert.ok(held.bytes > 0 && held.packets > 0);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /lanecast_sfu_replay_buffer_bytes\{lane="1"\} [1-9]/);
    assert.match(metrics, /lanecast_sfu_replay_keyframe_requests_total\{lane="1"\} [1-9]/);
    const fromMs = held.fromMs + 1500, toMs = fromMs + 2000;
    const res = await fetch(`${t.url}/lanes/1/clips`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fromMs, toMs }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "video/webm");
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(await probeClip(bytes, "codec_name"), "vp8");
    const first = Number(res.headers.get("x-clip-from-ms"));
    const last = Number(res.headers.get("x-clip-to-ms"));
    assert.equal(Number(res.headers.get("x-clip-duration-ms")), last - first);
    // Starts at the keyframe before the window (at most one keyframe interval early), ends in its last frame.
    assert.ok(
      first <= fromMs && first >= fromMs - KEYFRAME_MS - 100,
      `first ${first} for ${fromMs}`,
    );
    assert.ok(last <= toMs && last >= toMs - 100, `last ${last} for ${toMs}`);
    const stamps = await clipStamps(bytes);
    assert.ok(stamps.length >= 40, `${stamps.length} frames`);
    const [a, z] = [stamps[0], stamps[stamps.length - 1]];
    assert.ok(a !== null && z !== null, "the first and last frames carry readable stamps");
    // The SFU's capture times are the pixels' within the encoder's delay.
    assert.ok(Math.abs(a - first) <= 60, `first frame stamped ${a}, SFU says ${first}`);
    assert.ok(Math.abs(z - last) <= 60, `last frame stamped ${z}, SFU says ${last}`);
  } finally {
    await cam.stop();
    await t.close();
  }
});

Deno.test("clip and buffer requests with bad input get problem+json 4xx", async (t) => {
  const sfu = await startTestSfu({ REPLAY_MAX_CLIP_S: "5" });
  const cam = publishStamped(sfu, "2");
  const clip = (lane: string, body: unknown) =>
    fetch(`${sfu.url}/lanes/${lane}/clips`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const expect = async (res: Response, status: number, code: string) => {
    assert.equal(res.status, status);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal((await res.json()).code, code);
  };
  try {
    await waitFor(
      async () => {
        const res = await fetch(`${sfu.url}/lanes/2/buffer`);
        return res.ok && (await res.json()).packets > 0;
      },
      20_000,
      "video in the replay buffer",
    );
    const held = await (await fetch(`${sfu.url}/lanes/2/buffer`)).json();
    await t.step("an unknown lane is 404 unknown_lane", async () => {
      await expect(await clip("9", { fromMs: 1, toMs: 2 }), 404, "unknown_lane");
      await expect(await fetch(`${sfu.url}/lanes/9/buffer`), 404, "unknown_lane");
    });
    await t.step("a window longer than REPLAY_MAX_CLIP_S is 400 clip_too_long", async () => {
      await expect(
        await clip("2", { fromMs: held.fromMs, toMs: held.fromMs + 6000 }),
        400,
        "clip_too_long",
      );
    });
    await t.step("a window older than the buffer is 409 replay_window_gone", async () => {
      await expect(
        await clip("2", { fromMs: held.fromMs - 5000, toMs: held.fromMs - 3000 }),
        409,
        "replay_window_gone",
      );
    });
    await t.step(
      "a window not in the buffer yet is 409 replay_window_gone with Retry-After",
      async () => {
        const res = await clip("2", { fromMs: held.toMs + 1000, toMs: held.toMs + 4000 });
        assert.ok(Number(res.headers.get("retry-after")) >= 1);
        await expect(res, 409, "replay_window_gone");
      },
    );
    await t.step("a backwards window, a bad number or bad JSON is 400", async () => {
      await expect(await clip("2", { fromMs: held.toMs, toMs: held.fromMs }), 400, "bad_request");
      await expect(await clip("2", { fromMs: "soon", toMs: 5 }), 400, "bad_request");
      await expect(await clip("2", "{"), 400, "bad_json");
    });
    await t.step("the lane's video is unaffected", async () => {
      const before = (await (await fetch(`${sfu.url}/lanes/2/buffer`)).json()).packets;
      await waitFor(
        async () => (await (await fetch(`${sfu.url}/lanes/2/buffer`)).json()).packets !== before,
        5000,
        "more packets",
      );
    });
  } finally {
    await cam.stop();
    await sfu.close();
  }
});
