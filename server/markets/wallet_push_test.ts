import assert from "node:assert/strict";
import { createWalletPush } from "./wallet_push.ts";

/** A manual clock: timers fire when `advance` passes them. */
function manualClock() {
  let t = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(next, { at: t + ms, fn });
      return next++;
    },
    clearTimer: (id: number) => void timers.delete(id),
    advance(ms: number) {
      t += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > t) continue;
        timers.delete(id);
        timer.fn();
      }
    },
  };
}

Deno.test("wallet pushes: the first at once, then every user poked meanwhile together, at most once per interval", () => {
  const clock = manualClock();
  const sent: string[][] = [];
  const push = createWalletPush({ intervalMs: 1000, send: (ids) => void sent.push(ids), ...clock });
  push.poke("a");
  push.poke("b"); // the same turn: the same flush
  clock.advance(0);
  assert.deepEqual(sent, [["a", "b"]]);
  push.poke("a");
  push.poke("c");
  push.poke("a");
  clock.advance(999);
  assert.equal(sent.length, 1, "not before the interval is over");
  clock.advance(1);
  assert.deepEqual(sent[1], ["a", "c"], "each poked user once, the last change included");
  clock.advance(5000);
  assert.equal(sent.length, 2, "nothing poked, nothing sent");
  push.poke("d");
  clock.advance(0);
  assert.deepEqual(sent[2], ["d"], "after a quiet spell, at once again");
  push.poke("e");
  push.stop();
  clock.advance(2000);
  assert.equal(sent.length, 3, "stop() cancels what was scheduled");
});
