import assert from "node:assert/strict";
import { createPoolPush } from "./pool_push.ts";

/** A manual clock: timers run when the test moves time. */
function manualClock() {
  let t = 1_000_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(nextId, { at: t + ms, fn });
      return nextId++;
    },
    clearTimer: (id: number) => void timers.delete(id),
    tick(ms: number) {
      t += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > t) continue;
        timers.delete(id);
        timer.fn();
      }
    },
    pending: () => timers.size,
  };
}

Deno.test("pool pushes are throttled per market and the last one always goes out", () => {
  const clock = manualClock();
  const sent: [string, number][] = [];
  const push = createPoolPush({
    intervalMs: 250,
    send: (id) => void sent.push([id, clock.now()]),
    ...clock,
  });
  const t0 = clock.now();
  push.poke("a");
  push.poke("a");
  push.poke("a");
  push.poke("b");
  assert.deepEqual(sent, [["a", t0], ["b", t0]], "the first of each market at once");
  clock.tick(100);
  push.poke("a");
  clock.tick(149);
  assert.equal(sent.length, 2, "no more than one per interval");
  clock.tick(1);
  assert.deepEqual(sent.slice(2), [["a", t0 + 250]], "the trailing one at the end of the interval");
  clock.tick(1000);
  assert.equal(sent.length, 3, "nothing more without a poke");
  assert.equal(clock.pending(), 0);
  push.poke("a");
  assert.deepEqual(sent.slice(3), [["a", t0 + 1250]]);
  push.stop();
});
