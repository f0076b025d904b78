import assert from "node:assert/strict";
import { startFrameClock } from "../sim/frame_clock.ts";
import { LaneFeed } from "../sim/lane_feed.ts";
import { startSystem, waitFor } from "../tools/system.ts";

Deno.test("the sidecar picks a lane up again after its camera stops and comes back", async () => {
  const system = await startSystem({
    lanes: 1,
    simLanes: 0,
    processes: ["server", "sfu", "inference"],
  });
  const received = async () => {
    const status = await (await fetch(`${system.inferenceUrl}/status`)).json().catch(() => ({
      lanes: {},
    }));
    return (status.lanes?.["1"]?.received ?? 0) as number;
  };
  const camera = () => {
    const feed = new LaneFeed({
      laneId: "1",
      seed: 5,
      width: 320,
      height: 180,
      fps: 15,
      credentials: async () => {
        const res = await fetch(`${system.url}/api/lanes/1/publish`, {
          method: "POST",
          headers: { authorization: `Bearer ${system.cameraKey}` },
        });
        const body = await res.json();
        return { whipUrl: body.whipUrl, token: body.token };
      },
    });
    const clock = startFrameClock(15, (frame, ms) => feed.tick(frame, ms));
    return { stop: async () => (clock.stop(), await feed.close()) };
  };
  try {
    let cam = camera();
    await waitFor(
      async () => (await received()) >= 30,
      30_000,
      "the sidecar to receive 30 frames of lane 1",
    );
    await cam.stop();
    await new Promise((r) => setTimeout(r, 2500));
    const before = await received();
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok((await received()) - before <= 2, "no frames while the camera is off");
    cam = camera();
    try {
      await waitFor(
        async () => (await received()) >= before + 30,
        30_000,
        "frames of lane 1 again after the camera returned",
      );
    } finally {
      await cam.stop();
    }
  } finally {
    await system.stop();
  }
});
