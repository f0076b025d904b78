import assert from "node:assert/strict";
import { nextSlot } from "./frame_logic.ts";
import { ShotSequence } from "./shot_sequence.ts";

Deno.test("shots follow each other, 8–12 s apart, with frame logic carrying the pins", () => {
  const seq = new ShotSequence({ seed: 21, lane: 1, fps: 30 });
  const truths = seq.truthsUpTo(30 * 60 * 20);
  assert.ok(truths.length > 100);
  for (let i = 0; i + 1 < truths.length; i++) {
    const p = seq.plan(i);
    const seconds = (p.endFrame - p.startFrame) / 30;
    assert.ok(seconds >= 8 && seconds <= 12.5, `shot ${i} lasts ${seconds} s`);
    assert.equal(seq.plan(i + 1).startFrame, p.endFrame);
    const next = nextSlot(p.slot, p.truth.standingAfter, p.truth.foul);
    assert.equal(truths[i + 1].standingBefore, next.standingBefore);
    assert.equal(truths[i + 1].ball, next.ball);
    assert.equal(truths[i + 1].frame, next.frame);
  }
  assert.ok(
    truths.some((t) => t.frame === 10 && t.ball === 3),
    "some tenth frames earn a third ball",
  );
});

Deno.test("random access gives the same shots as playing from the start", () => {
  const a = new ShotSequence({ seed: 8, lane: 2, fps: 30 });
  const b = new ShotSequence({ seed: 8, lane: 2, fps: 30 });
  const late = a.planAt(30 * 300);
  for (let f = 0; f <= 30 * 300; f += 97) b.planAt(f);
  assert.deepEqual(b.planAt(30 * 300).truth, late.truth);
  // Plans evicted from the cache are rebuilt identically.
  assert.deepEqual(a.plan(3).truth, b.truth(3));
  assert.deepEqual(a.plan(3).path.board, b.plan(3).path.board);
});

Deno.test("a long game mix looks like league bowling", () => {
  const seq = new ShotSequence({ seed: 5, lane: 1, fps: 30 });
  const truths = seq.truthsUpTo(30 * 60 * 60 * 2);
  const first = truths.filter((t) => t.ball === 1 || t.standingBefore === 0x3ff);
  const strikes = first.filter((t) => t.standingAfter === 0 && !t.foul).length / first.length;
  assert.ok(strikes > 0.2 && strikes < 0.65, `strike rate ${strikes}`);
  const gutters = truths.filter((t) => t.gutter).length / truths.length;
  assert.ok(gutters < 0.05, `gutter rate ${gutters}`);
  for (const t of truths.filter((t) => !t.gutter && t.ball === 1)) {
    assert.ok(t.entryAngleDeg > -1 && t.entryAngleDeg < 8, `entry angle ${t.entryAngleDeg}`);
  }
});
