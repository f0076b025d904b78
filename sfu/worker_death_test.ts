import assert from "node:assert/strict";
import { LaneSubscriber } from "../media/lane_subscriber.ts";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu, watchLane } from "./testing.ts";

Deno.test("killing a mediasoup worker process brings its lanes back without restarting anything", async () => {
  const t = await startTestSfu({ SFU_WORKERS: "2" });
  const pubs = [publishPattern(t, "1"), publishPattern(t, "2")];
  const whep = watchLane(t, "1");
  const ws = new LaneSubscriber({
    signalingUrl: async () =>
      `${t.url.replace("http", "ws")}/ws/2?token=${await t.token("2", "lane:view")}`,
  });
  try {
    await waitFor(() => whep.frames > 20 && ws.frames > 20, 20_000, "both lanes to play");
    const pidsBefore = t.sfu.pool.workers.map((w) => w.worker.pid);
    // Both lanes are spread over the two workers; kill the one lane 1 is on.
    const victim = t.sfu.rooms.get("1")!.worker.pid;
    Deno.kill(victim, "SIGKILL");
    await waitFor(() => t.sfu.pool.replaced === 1, 10_000, "the worker to be replaced");
    const pidsAfter = t.sfu.pool.workers.map((w) => w.worker.pid);
    assert.ok(!pidsAfter.includes(victim));
    assert.equal(
      pidsAfter.filter((p) => pidsBefore.includes(p)).length,
      1,
      "the other worker kept running",
    );

    const [w0, s0] = [whep.frames, ws.frames];
    await waitFor(
      () => whep.frames > w0 + 30 && ws.frames > s0 + 30,
      30_000,
      "frames on both lanes again",
    );
    const lanes = await (await fetch(`${t.url}/lanes`)).json() as { id: string; live: boolean }[];
    assert.deepEqual(lanes.map((l) => [l.id, l.live]).sort(), [["1", true], ["2", true]]);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /lanecast_sfu_worker_replacements_total 1/);
    assert.match(metrics, /lanecast_sfu_workers 2/);
  } finally {
    await whep.close();
    await ws.close();
    for (const p of pubs) await p.stop();
    await t.close();
  }
});
