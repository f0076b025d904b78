import assert from "node:assert/strict";
import { startSystem, waitFor } from "../tools/system.ts";

Deno.test("the sidecar watches a simulated lane through the SFU and stores its shots with a plausible pin state", async () => {
  const system = await startSystem({
    lanes: 1,
    simLanes: 1,
    processes: ["server", "sfu", "inference", "sim"],
    // The model-free detectors: this proves the pipeline, not a model.
    env: { SIM_SEED: "300", INFERENCE_MODELS: "classic" },
  });
  try {
    let shots: {
      standing: number;
      pinProbabilities: number[];
      metrics: { launchSpeedMph: number } | null;
      events: { type: string }[];
    }[] = [];
    await waitFor(
      async () => {
        const res = await fetch(`${system.url}/api/lanes/1/shots`);
        shots = await res.json();
        return shots.length >= 1;
      },
      60_000,
      "the first shot of lane 1 to be stored",
    );
    const shot = shots[0];
    assert.ok(shot.standing >= 0 && shot.standing <= 1023);
    assert.equal(shot.pinProbabilities.length, 10);
    assert.ok(
      shot.metrics && shot.metrics.launchSpeedMph > 10 && shot.metrics.launchSpeedMph < 26,
      `launch speed ${shot.metrics?.launchSpeedMph}`,
    );
    assert.deepEqual(
      shot.events.filter((e) => e.type === "release" || e.type === "pinfall").map((e) => e.type),
      ["release", "pinfall"],
    );
    const status = await (await fetch(`${system.inferenceUrl}/status`)).json();
    assert.ok(status.lanes["1"].analysed > 100, "frames analysed");
    assert.ok(status.lanes["1"].stampedFrames > 0, "capture times read from the stamps");
    // The ball's live events (its release and pinfall at least) went over the event socket.
    assert.ok(status.events.acked >= 2, `live events acked: ${JSON.stringify(status.events)}`);
    assert.equal(status.events.refused, 0);
    // A lone sidecar leases its lane and tells what it is.
    assert.deepEqual(status.held, ["1"]);
    assert.equal(status.provider, "cpu");
    assert.ok(status.capacity >= 1);
    // Its learned capacity starts at its limit, and says why.
    assert.equal(status.capacity, status.capacityLimit);
    assert.equal(typeof status.capacityReason, "string");
    assert.equal(typeof status.lanes["1"].thinned, "number");
    const staff = await (await fetch(`${system.url}/api/inference/leases`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${system.inferenceKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ sidecarId: "other", capacity: 8, lanes: ["1"], live: ["1"] }),
    })).json();
    assert.deepEqual(staff.lanes, [], "the lane is leased to the running sidecar, not another");
  } finally {
    await system.stop();
  }
});
