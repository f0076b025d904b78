import assert from "node:assert/strict";
import { replayWindow } from "../../core/replay_window.ts";
import { WhipPublisher } from "../../media/whip_publisher.ts";
import { createLaneSim } from "../../sim/render.ts";
import { stampTime } from "../../sim/stamp.ts";
import { waitFor } from "../../tools/system.ts";
import { startTestSfu } from "../testing.ts";
import { CAMERA_H, CAMERA_W, clipStamps } from "./testing.ts";

const KEYFRAME_MS = 1000;

Deno.test("each shot of a simulated lane gets a clip from before its release to after its pins settle, by the simulator's ground truth", async () => {
  const t = await startTestSfu({ REPLAY_KEYFRAME_MS: String(KEYFRAME_MS) });
  const sim = createLaneSim({ seed: 3, width: CAMERA_W, height: CAMERA_H, fps: 30 });
  const shots = sim.eventsBetween(0, 30 * 30).filter((e) => e.kind === "settled").slice(0, 2).map((
    e,
  ) => e.shot);
  const lastFrame = shots[1].settledFrame + 60; // past the second shot's window
  const publisher = new WhipPublisher({
    width: CAMERA_W,
    height: CAMERA_H,
    maxBitrateKbps: 1500,
    credentials: async () => ({
      whipUrl: `${t.url}/whip/7`,
      token: await t.token("7", "lane:publish"),
    }),
  });
  // Each frame's capture time, as stamped into its pixels (sim/lane_feed.ts does the same).
  const captured: number[] = [];
  const frame = new Uint8Array(sim.frameSize);
  const timer = setInterval(() => {
    const n = captured.length;
    sim.renderFrame(n, frame);
    captured.push(Date.now());
    stampTime(frame, CAMERA_W, CAMERA_H, captured[n]);
    publisher.pushFrame(frame);
  }, 1000 / 30);
  try {
    await waitFor(() => captured.length > lastFrame, 60_000, "both shots on the air");
    clearInterval(timer);
    for (const shot of shots) {
      const window = replayWindow({
        releaseMs: captured[shot.releaseFrame],
        pinfallMs: captured[shot.settledFrame],
      });
      const res = await fetch(`${t.url}/lanes/7/clips`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(window),
      });
      assert.equal(res.status, 200);
      const from = Number(res.headers.get("x-clip-from-ms"));
      const to = Number(res.headers.get("x-clip-to-ms"));
      const stamps = await clipStamps(new Uint8Array(await res.arrayBuffer()));
      const [first, last] = [stamps[0]!, stamps[stamps.length - 1]!];
      assert.ok(first !== null && last !== null, "first and last frames carry readable stamps");
      // From the keyframe at most one interval before the window to its last frame.
      assert.ok(
        first <= window.fromMs && first > window.fromMs - KEYFRAME_MS - 100,
        `first frame ${first} for ${window.fromMs}`,
      );
      assert.ok(
        last <= window.toMs && last > window.toMs - 100,
        `last frame ${last} for ${window.toMs}`,
      );
      assert.ok(
        Math.abs(from - first) <= 60 && Math.abs(to - last) <= 60,
        "the headers name the frames' capture times",
      );
      assert.equal(Number(res.headers.get("x-clip-duration-ms")), to - from);
      // The release and the settled pins are in the clip.
      for (const f of [shot.releaseFrame, shot.settledFrame]) {
        assert.ok(
          stamps.includes(captured[f]),
          `frame ${f} (captured ${captured[f]}) is in the clip`,
        );
      }
    }
  } finally {
    clearInterval(timer);
    await publisher.close();
    await t.close();
  }
});
