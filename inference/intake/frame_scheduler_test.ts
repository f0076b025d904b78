import assert from "node:assert/strict";
import { FrameScheduler } from "./frame_scheduler.ts";
import { FrameSlot } from "./frame_slot.ts";

const frame = (laneId: string, seq: number) => ({
  laneId,
  width: 2,
  height: 2,
  data: new Uint8Array(6),
  captureTimeMs: seq,
  seq,
});

function lanes(...ids: string[]) {
  return ids.map((laneId) => ({ laneId, slot: new FrameSlot() }));
}

function feed(ls: ReturnType<typeof lanes>, seq: number) {
  for (const l of ls) l.slot.put(frame(l.laneId, seq));
}

Deno.test("while rounds keep up, every lane's newest frame is analysed", () => {
  let t = 0;
  const s = new FrameScheduler({ idleGapMs: 200, now: () => t });
  const ls = lanes("1", "2");
  for (let i = 0; i < 10; i++, t += 33) {
    feed(ls, i);
    assert.deepEqual(s.pick(ls, () => false).map((f) => f.laneId), ["1", "2"]);
    s.roundDone(20);
  }
  assert.equal(s.behind, false);
  assert.deepEqual(ls.map((l) => l.slot.thinned), [0, 0]);
});

Deno.test("behind, a lane in a shot keeps every round and idle lanes are thinned", () => {
  let t = 0;
  const s = new FrameScheduler({ idleGapMs: 200, now: () => t });
  const ls = lanes("busy", "idle");
  s.roundDone(80);
  assert.equal(s.behind, true);
  const taken = { busy: 0, idle: 0 };
  for (let i = 0; i < 30; i++, t += 80) {
    feed(ls, i);
    for (const f of s.pick(ls, (id) => id === "busy")) taken[f.laneId as "busy" | "idle"]++;
  }
  // 2.4 s: the busy lane every round, the idle one about every 200 ms (every third 80 ms round).
  assert.equal(taken.busy, 30);
  assert.equal(taken.idle, 10);
  assert.equal(ls[1].slot.thinned, 20);
  assert.equal(ls[0].slot.thinned, 0);
});

Deno.test("behind, idle lanes still share the rounds evenly", () => {
  let t = 0;
  const s = new FrameScheduler({ idleGapMs: 100, now: () => t });
  const ls = lanes("1", "2", "3");
  s.roundDone(50);
  const taken = new Map<string, number>();
  for (let i = 0; i < 40; i++, t += 50) {
    feed(ls, i);
    for (const f of s.pick(ls, () => false)) taken.set(f.laneId, (taken.get(f.laneId) ?? 0) + 1);
  }
  assert.deepEqual([...taken.values()], [20, 20, 20]);
});

Deno.test("an idle gap of 0 turns thinning off", () => {
  const s = new FrameScheduler({ idleGapMs: 0, now: () => 0 });
  s.roundDone(500);
  assert.equal(s.behind, false);
});
