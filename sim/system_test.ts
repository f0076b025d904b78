import assert from "node:assert/strict";
import { LaneSubscriber } from "../media/lane_subscriber.ts";
import { startSystem, waitFor } from "../tools/system.ts";
import { readStamp } from "./stamp.ts";

Deno.test("a simulated lane's frames reach a wrtc subscriber through the SFU, with ground truth written", async () => {
  const system = await startSystem({ lanes: 2, simLanes: 1, env: { SIM_WIDTH: "640", SIM_HEIGHT: "360" } });
  let stamped = 0, size = "";
  const latencies: number[] = [];
  const sub = new LaneSubscriber({
    signalingUrl: async () => {
      const res = await fetch(`${system.url}/api/lanes/1/watch`, { method: "POST" });
      return (await res.json()).signalingUrl;
    },
    onFrame: (f, at) => {
      size = `${f.width}x${f.height}`;
      const ms = readStamp(f.data, f.width, f.height);
      if (ms !== null) {
        stamped++;
        latencies.push(at - ms);
      }
    },
  });
  try {
    await waitFor(async () => {
      const lanes = await (await fetch(`${system.url}/api/lanes`)).json();
      return lanes[0]?.live === true && lanes[1]?.live === false;
    }, 30_000, "lane 1 (simulated) live and lane 2 (waiting for a camera) not");
    await waitFor(() => sub.frames >= 60, 30_000, "60 frames of the simulated lane");
    assert.equal(size, "640x360");
    assert.ok(stamped > sub.frames * 0.9, `capture stamps readable in ${stamped} of ${sub.frames} frames`);
    assert.ok(latencies.every((l) => l >= 0 && l < 5000), "stamps are capture times from this machine's clock");
    // The first shot completes within ~15 s of simulated time and its ground truth is written.
    await waitFor(async () => {
      try {
        return (await Deno.readTextFile(`${system.dataDir}/ground_truth/lane-1.jsonl`)).trim().length > 0;
      } catch {
        return false;
      }
    }, 30_000, "ground truth of the first shot");
    const first = JSON.parse((await Deno.readTextFile(`${system.dataDir}/ground_truth/lane-1.jsonl`)).split("\n")[0]);
    assert.ok(first.launchSpeedMph >= 14 && first.launchSpeedMph <= 22, `launch speed ${first.launchSpeedMph}`);
    assert.ok(first.releaseMs < first.impactMs && first.impactMs < first.settledMs, "events in order");
  } finally {
    await sub.close();
    await system.stop();
  }
});
