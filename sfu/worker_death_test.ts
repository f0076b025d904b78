import assert from "node:assert/strict";
import { LaneSubscriber } from "../media/lane_subscriber.ts";
import { untilLinkEnds } from "../media/link_events.ts";
import { negotiate } from "../media/whip_client.ts";
import { RTCPeerConnection } from "../media/wrtc.ts";
import { waitFor } from "../tools/system.ts";
import { createWorker, type WorkerOptions } from "./mediasoup.ts";
import { publishPattern, startTestSfu, watchLane } from "./testing.ts";

/** Starts workers; replacements (every start after the first `boot`) wait until `release()`. */
function heldReplacements(boot: number) {
  let started = 0;
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    spawn: async (options: WorkerOptions) => {
      if (started++ >= boot) await gate;
      return await createWorker(options);
    },
  };
}

Deno.test("killing a lane's worker moves the lane to the surviving worker: frames come back before the replacement runs", async () => {
  const held = heldReplacements(2);
  const t = await startTestSfu({ SFU_WORKERS: "2" }, { spawnWorker: held.spawn });
  const pubs = [publishPattern(t, "1"), publishPattern(t, "2")];
  const whep = watchLane(t, "1");
  const ws = new LaneSubscriber({
    signalingUrl: async () =>
      `${t.url.replace("http", "ws")}/ws/1?token=${await t.token("1", "lane:view")}`,
  });
  // A bare WHEP link that only follows its event stream.
  const bare = new RTCPeerConnection();
  bare.addTransceiver("video", { direction: "recvonly" });
  try {
    await waitFor(() => whep.frames > 20 && ws.frames > 20, 20_000, "lane 1 to play");
    const token = await t.token("1", "lane:view");
    const link = await negotiate(bare, `${t.url}/whep/1`, token);
    assert.ok(link.events, "the answer links the media link's event stream");
    const events = untilLinkEnds(link.events, token);
    assert.equal(await events.opened, true);

    const pidsBefore = t.sfu.pool.workers.map((w) => w.worker.pid);
    const victim = t.sfu.rooms.get("1")!.worker.pid;
    const survivor = pidsBefore.find((p) => p !== victim);
    const [w0, s0] = [whep.frames, ws.frames];
    Deno.kill(victim, "SIGKILL");

    let told: string | undefined;
    events.done.then((e) => (told = e));
    await waitFor(() => told !== undefined, 10_000, "the link's event");
    assert.equal(told, "reconnect", "the SFU tells WHIP/WHEP clients to reconnect");
    await waitFor(
      () => whep.frames > w0 + 30 && ws.frames > s0 + 30,
      20_000,
      "frames on lane 1 again",
    );
    assert.equal(t.sfu.pool.replaced, 0, "the replacement is still held back");
    assert.equal(t.sfu.rooms.get("1")!.worker.pid, survivor, "lane 1 moved to the survivor");
    assert.equal(t.sfu.rooms.moved, 1);
    const lanes = await (await fetch(`${t.url}/lanes`)).json() as { id: string; live: boolean }[];
    assert.deepEqual(lanes.map((l) => [l.id, l.live]).sort(), [["1", true], ["2", true]]);

    held.release();
    await waitFor(() => t.sfu.pool.replaced === 1, 10_000, "the worker to be replaced");
    const pidsAfter = t.sfu.pool.workers.map((w) => w.worker.pid);
    assert.ok(!pidsAfter.includes(victim));
    assert.ok(pidsAfter.includes(survivor!), "the other worker kept running");
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /lanecast_sfu_worker_replacements_total 1/);
    assert.match(metrics, /lanecast_sfu_workers 2/);
    await link.close();
  } finally {
    held.release();
    bare.close();
    await whep.close();
    await ws.close();
    for (const p of pubs) await p.stop();
    await t.close();
  }
});

Deno.test("a viewer that comes back before the camera does waits for it on the moved lane instead of being turned away", async () => {
  const t = await startTestSfu({ SFU_WORKERS: "2" });
  let connects = 0;
  let letCameraBack = () => {};
  const cameraBack = new Promise<void>((resolve) => (letCameraBack = resolve));
  // The camera's first connection goes ahead; its reconnection waits for the test.
  const pub = publishPattern(t, "1", () => connects++ === 0 ? Promise.resolve() : cameraBack);
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  try {
    await waitFor(
      () => pub.publisher.state === "live" && t.sfu.rooms.get("1")?.live === true,
      20_000,
      "lane 1 to go live",
    );
    Deno.kill(t.sfu.rooms.get("1")!.worker.pid, "SIGKILL");
    await waitFor(() => connects === 2, 10_000, "the camera to try again");
    assert.notEqual(t.sfu.rooms.get("1")?.live, true);

    let answered: string | undefined;
    const watching = negotiate(pc, `${t.url}/whep/1`, await t.token("1", "lane:view"))
      .then((link) => (answered = "201") && link, (err) => (answered = err.message) && undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(answered, undefined, "the viewer's offer is held while the camera is away");
    letCameraBack();
    const link = await watching;
    assert.equal(answered, "201");
    await link?.close();
  } finally {
    letCameraBack();
    pc.close();
    await pub.stop();
    await t.close();
  }
});
