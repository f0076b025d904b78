import assert from "node:assert/strict";
import { type Link, ReconnectLoop } from "./reconnect_loop.ts";

/**
 * Runs a loop whose attempts follow `script` ("up": connects, then the
 * connection breaks at once; "fail": the attempt throws) and returns the
 * delays it waited before each retry.
 */
async function retryDelays(script: ("up" | "fail")[], stableMs: number): Promise<number[]> {
  const delays: number[] = [];
  let loop: ReconnectLoop | undefined;
  let step = 0;
  const stopped = new Promise<void>((resolve) => {
    loop = new ReconnectLoop({
      connect: () => {
        if (step === script.length) loop!.stop().then(resolve);
        const what = script[step++];
        if (what === "fail") return Promise.reject(new Error("503 lane not live"));
        const link: Link = { ended: Promise.resolve(), end: () => {}, close: () => {} };
        return Promise.resolve(link);
      },
      stableMs,
      firstBackoffMs: 250,
      maxBackoffMs: 1000,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
  });
  await stopped;
  return delays;
}

Deno.test("ReconnectLoop retries a lost connection at once, then backs off while attempts fail", async () => {
  assert.deepEqual(
    await retryDelays(["up", "fail", "fail", "fail", "fail", "up"], 0),
    [0, 250, 500, 1000, 1000, 0],
  );
});

Deno.test("ReconnectLoop backs off a connection that keeps breaking before it is stable", async () => {
  assert.deepEqual(await retryDelays(["up", "up", "up", "up"], 60_000), [0, 250, 500, 1000]);
});
