import assert from "node:assert/strict";
import { freePort, startSystem, waitFor } from "../tools/system.ts";

interface Status {
  sidecarId: string;
  held: string[];
  lanes: Record<string, unknown>;
}

Deno.test("two sidecar processes split the lanes; one killed, the other takes its lanes", async () => {
  const system = await startSystem({
    lanes: 4,
    simLanes: 0,
    processes: ["server", "sfu"],
    env: { INFERENCE_LEASE_TTL_MS: "1500" },
  });
  const sidecars = new Map<string, { child: Deno.ChildProcess; url: string }>();
  const root = new URL("..", import.meta.url).pathname;
  const status = async (id: string): Promise<Status | null> => {
    const res = await fetch(`${sidecars.get(id)!.url}/status`).catch(() => null);
    return res?.ok ? await res.json() : (await res?.body?.cancel(), null);
  };
  try {
    for (const id of ["a", "b"]) {
      const port = freePort();
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "inference/main.ts"],
        cwd: root,
        env: {
          ...Deno.env.toObject(),
          SERVER_URL: system.url,
          INFERENCE_KEY: system.inferenceKey,
          INFERENCE_PORT: String(port),
          INFERENCE_ID: id,
          INFERENCE_MODELS: "classic",
          DATA_DIR: `${system.dataDir}/sidecar-${id}`,
        },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      sidecars.set(id, { child, url: `http://127.0.0.1:${port}` });
    }
    let a: Status | null = null, b: Status | null = null;
    await waitFor(
      async () => {
        [a, b] = [await status("a"), await status("b")];
        return a?.held.length === 2 && b?.held.length === 2;
      },
      180_000,
      "both sidecars to hold two lanes each",
    );
    assert.deepEqual([...a!.held, ...b!.held].sort(), ["1", "2", "3", "4"]);
    // Each watches what it holds, and only that.
    assert.deepEqual(Object.keys(a!.lanes).sort(), a!.held);

    sidecars.get("a")!.child.kill("SIGKILL");
    await sidecars.get("a")!.child.status;
    await waitFor(
      async () => {
        b = await status("b");
        return b?.held.length === 4;
      },
      60_000,
      "the other sidecar to take every lane",
    );
    assert.deepEqual(Object.keys(b!.lanes).sort(), ["1", "2", "3", "4"]);

    const res = await fetch(`${system.url}/api/inference/leases/b`, {
      method: "DELETE",
      headers: { authorization: "Bearer not-the-inference-key-at-all" },
    });
    assert.equal(res.status, 403, "only the inference key hands leases back");
    await res.body?.cancel();
  } finally {
    for (const { child } of sidecars.values()) {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      await child.status;
    }
    await system.stop();
  }
});
