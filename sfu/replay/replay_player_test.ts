import assert from "node:assert/strict";
import { waitFor } from "../../tools/system.ts";
import { startTestSfu } from "../testing.ts";
import { readRtpHeader } from "./rtp.ts";
import { publishStamped, untilBuffered } from "./testing.ts";

Deno.test("a half-speed replay is the window's frames in order with their RTP timestamps stretched twice, as a stream of its own", async () => {
  const t = await startTestSfu();
  const cam = publishStamped(t, "1");
  try {
    await untilBuffered(t, "1", 3000);
    const buffer = await t.sfu.replays.get("1");
    const held = buffer.ring.window();
    const notice = await buffer.player.play({
      shotId: "s",
      fromMs: held.toMs! - 2500,
      toMs: held.toMs! - 1500,
      speed: 0.5,
    });
    const frames = buffer.ring.frames.filter((f) =>
      f.captureMs >= notice.fromMs && f.captureMs <= notice.toMs
    );
    // A second look at the replay producer, as any viewer's consumer sees it.
    const tap = await buffer.room.router.createDirectTransport({ maxMessageSize: 262_144 });
    const consumer = await tap.consume({
      producerId: notice.producerId,
      rtpCapabilities: buffer.room.router.rtpCapabilities,
    });
    const stamps: number[] = [];
    const ssrcs = new Set<number>();
    consumer.on("rtp", (p: Uint8Array) => {
      const h = readRtpHeader(p)!;
      ssrcs.add(h.ssrc);
      if (stamps[stamps.length - 1] !== h.timestamp) stamps.push(h.timestamp);
    });
    // The tap joined after the replay started: play it again from the top for the tap.
    await waitFor(() => !buffer.player.playing, 10_000, "the first replay to end");
    await new Promise((r) => setTimeout(r, 500)); // its last packets come back from the worker
    stamps.length = 0;
    await buffer.player.play({
      shotId: "s",
      fromMs: held.toMs! - 2500,
      toMs: held.toMs! - 1500,
      speed: 0.5,
    });
    await waitFor(() => !buffer.player.playing, 10_000, "the replay to end");
    assert.equal(stamps.length, frames.length, "every frame of the window, once");
    // The camera's RTP time between frames, doubled (exact), whatever the frames' spacing.
    assert.deepEqual(
      stamps.map((x) => (x - stamps[0]) >>> 0), // RTP time turns over at 2^32
      frames.map((f) => 2 * (f.rtpTime - frames[0].rtpTime)),
    );
    assert.equal(ssrcs.size, 1);
    tap.close();
  } finally {
    await cam.stop();
    await t.close();
  }
});
