import assert from "node:assert/strict";
import { type BallSlot, firstSlot, nextSlot } from "./frame_logic.ts";
import { ALL_PINS, maskOf } from "./pins.ts";

function play(balls: [number, boolean?][]): BallSlot[] {
  const out = [firstSlot()];
  for (const [after, foul] of balls) out.push(nextSlot(out[out.length - 1], after, foul ?? false));
  return out;
}

Deno.test("a strike ends frames 1–9; otherwise ball 2 goes at what is left", () => {
  const s = play([[0], [maskOf(7, 10)], [maskOf(7)]]);
  assert.deepEqual([s[1].frame, s[1].ball, s[1].standingBefore], [2, 1, ALL_PINS]);
  assert.deepEqual([s[2].frame, s[2].ball, s[2].standingBefore], [2, 2, maskOf(7, 10)]);
  assert.deepEqual([s[3].frame, s[3].ball, s[3].standingBefore], [3, 1, ALL_PINS]);
});

Deno.test("the 10th frame gives a third ball after a strike or spare only", () => {
  const nine: [number][] = Array.from({ length: 9 }, () => [0]);
  const strike = play([...nine, [0], [maskOf(10)]]);
  assert.deepEqual([strike[10].frame, strike[10].ball, strike[10].standingBefore], [
    10,
    2,
    ALL_PINS,
  ]);
  assert.deepEqual([strike[11].ball, strike[11].standingBefore], [3, maskOf(10)]);
  const turkey = play([...nine, [0], [0]]);
  assert.deepEqual([turkey[11].ball, turkey[11].standingBefore], [3, ALL_PINS]);
  const spare = play([...nine, [maskOf(4)], [0]]);
  assert.deepEqual([spare[11].ball, spare[11].standingBefore], [3, ALL_PINS]);
  const open = play([...nine, [maskOf(4)], [maskOf(4)]]);
  assert.deepEqual([open[11].game, open[11].frame, open[11].ball], [2, 1, 1]);
  const done = play([...nine, [0], [0], [0]]);
  assert.deepEqual([done[12].game, done[12].frame, done[12].ball], [2, 1, 1]);
});

Deno.test("a foul on ball 1 respots the pins it knocked down", () => {
  const s = play([[maskOf(10), true]]);
  assert.deepEqual([s[1].ball, s[1].standingBefore], [2, ALL_PINS]);
  const clean = play([[0, true]]);
  assert.equal(clean[1].ball, 2, "a foul strike is no strike");
  const tenth = play([...Array.from({ length: 9 }, (): [number] => [0]), [0, true], [0]]);
  assert.deepEqual(
    [tenth[11].ball, tenth[11].standingBefore],
    [3, ALL_PINS],
    "ten on ball 2 after a foul is a spare",
  );
});
