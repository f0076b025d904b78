import assert from "node:assert/strict";
import { countPins, FULL_RACK, isSplit, isStanding, pinsOf, standingOf } from "./pins.ts";

const leave = (...pins: number[]) => standingOf(pins);

Deno.test("pinsOf() and standingOf() are inverses with bit i as pin i + 1", () => {
  assert.equal(standingOf([1]), 1);
  assert.equal(standingOf([10]), 512);
  assert.equal(standingOf([7, 10]), 0b1001000000);
  assert.deepEqual(pinsOf(FULL_RACK), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (let s = 0; s <= FULL_RACK; s++) {
    assert.equal(standingOf(pinsOf(s)), s);
    assert.equal(countPins(s), pinsOf(s).length);
  }
  assert.throws(() => standingOf([11]), /Cannot find pin "11"/);
  assert.throws(() => standingOf([0]), /Cannot find pin "0"/);
});

Deno.test("isStanding() accepts whole numbers 0 to 1023 only", () => {
  assert.ok(isStanding(0) && isStanding(1023));
  for (const v of [-1, 1024, 1.5, NaN, "3", null, undefined]) assert.equal(isStanding(v), false);
});

Deno.test("isSplit() flags classic splits and baby splits", () => {
  const splits = [
    [7, 10],
    [4, 6],
    [7, 9],
    [8, 10],
    [3, 10],
    [2, 7],
    [4, 10],
    [4, 9],
    [6, 7],
    [5, 7],
    [5, 10],
    [2, 10],
    [3, 7],
    [4, 7, 10],
    [6, 7, 10],
    [4, 6, 7, 10],
    [4, 6, 7, 9, 10],
    [2, 4, 6, 7, 10],
    [5, 6], // 3 down immediately ahead
    [4, 5], // 2 down immediately ahead
    [8, 9], // 5 down immediately ahead
  ];
  for (const pins of splits) {
    assert.equal(isSplit(leave(...pins)), true, `${pins.join("-")} is a split`);
  }
});

Deno.test("isSplit() leaves out connected leaves, sleepers, single pins and any leave with the head pin", () => {
  const notSplits = [
    [],
    [7],
    [10],
    [2, 8], // 8 directly behind 2: nothing between
    [3, 9],
    [2, 4],
    [2, 5],
    [3, 6, 10],
    [6, 10],
    [4, 7],
    [2, 4, 5, 8], // bucket
    [3, 5, 6, 9],
    [1, 7, 10], // head pin standing
    [1, 2, 10], // washout
    [1, 4, 6],
  ];
  for (const pins of notSplits) {
    assert.equal(isSplit(leave(...pins)), false, `${pins.join("-") || "none"} is not a split`);
  }
});

Deno.test("isSplit() is never true with the head pin standing, for every leave", () => {
  for (let s = 0; s <= FULL_RACK; s++) if (s & 1) assert.equal(isSplit(s), false);
});
