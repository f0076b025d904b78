import assert from "node:assert/strict";
import type { PinStateResult } from "../models/types.ts";
import { AUTO_SETTLE_CONFIDENCE, combinePinReads, pinsOf } from "./pin_vote.ts";

const read = (p: number[]): PinStateResult => {
  let standing = 0;
  p.forEach((v, i) => v >= 0.5 && (standing |= 1 << i));
  return {
    standing,
    probabilities: Float32Array.from(p),
    confidence: Math.min(...p.map((v) => Math.max(v, 1 - v))),
  };
};
const SURE_7_10 = [0, 0, 0, 0, 0, 0, 0.999, 0, 0, 0.999];

Deno.test("combinePinReads() settles agreeing, sure reads automatically", () => {
  const vote = combinePinReads([read(SURE_7_10), read(SURE_7_10), read(SURE_7_10)])!;
  assert.deepEqual(pinsOf(vote.standing), [7, 10]);
  assert.ok(vote.confidence >= AUTO_SETTLE_CONFIDENCE);
});

Deno.test("combinePinReads() sends disagreeing or single reads to review", () => {
  const other = [...SURE_7_10];
  other[9] = 0.001;
  const vote = combinePinReads([read(SURE_7_10), read(SURE_7_10), read(other)])!;
  assert.ok(vote.confidence < AUTO_SETTLE_CONFIDENCE, `confidence ${vote.confidence}`);
  assert.ok(combinePinReads([read(SURE_7_10)])!.confidence < AUTO_SETTLE_CONFIDENCE);
  assert.equal(combinePinReads([]), null);
});

Deno.test("combinePinReads() never stands a pin that was down before the ball", () => {
  const ghost = [...SURE_7_10];
  ghost[0] = 0.9; // pin 1 "seen" standing, but it was knocked down by the first ball
  const vote = combinePinReads([read(ghost), read(ghost)], 0b1111111110)!;
  assert.deepEqual(pinsOf(vote.standing), [7, 10]);
  assert.equal(vote.probabilities[0], 0);
});
