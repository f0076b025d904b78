import assert from "node:assert/strict";
import { FULL_RACK, standingOf } from "../core/pins.ts";
import {
  describeLeave,
  formatAngle,
  formatBoard,
  formatConfidence,
  formatSpeed,
  underReview,
} from "./shot_format.ts";

const ball = (standing: number, standingBefore: number | null = FULL_RACK, extra = {}) => ({
  standing,
  standingBefore,
  foul: false,
  gutter: false,
  ...extra,
});

Deno.test("describeLeave() names strikes, spares, splits, leaves, misses and fouls", () => {
  assert.deepEqual(describeLeave(ball(0)), { label: "Strike", kind: "strike" });
  assert.deepEqual(describeLeave(ball(0, standingOf([10]))), { label: "Spare", kind: "spare" });
  assert.deepEqual(describeLeave(ball(standingOf([7, 10]))), {
    label: "7-10 split",
    kind: "split",
  });
  assert.deepEqual(describeLeave(ball(standingOf([2, 8]))), { label: "Leave 2-8", kind: "leave" });
  // After a first ball nothing is called a split.
  assert.deepEqual(describeLeave(ball(standingOf([7]), standingOf([7, 10]))), {
    label: "Leave 7",
    kind: "leave",
  });
  assert.deepEqual(describeLeave(ball(FULL_RACK, FULL_RACK, { gutter: true })), {
    label: "Gutter",
    kind: "miss",
  });
  assert.deepEqual(describeLeave(ball(standingOf([4]), standingOf([4]))), {
    label: "Miss",
    kind: "miss",
  });
  assert.deepEqual(describeLeave(ball(0, FULL_RACK, { foul: true })), {
    label: "Foul",
    kind: "foul",
  });
});

Deno.test("describeLeave() treats an unknown rack before the ball as a full one", () => {
  assert.equal(describeLeave(ball(0, null)).label, "Strike");
});

Deno.test("underReview() is true below the auto-settle confidence or when sent to review", () => {
  assert.equal(underReview({ status: "auto", pinConfidence: 0.99 }), false);
  assert.equal(underReview({ status: "auto", pinConfidence: 0.5 }), true);
  assert.equal(underReview({ status: "review", pinConfidence: 0.999 }), true);
});

Deno.test("numbers read as bowlers write them", () => {
  assert.equal(formatSpeed(17.449), "17.4");
  assert.equal(formatBoard(12), "12");
  assert.equal(formatBoard(12.46), "12.5");
  assert.equal(formatBoard(11.98), "12");
  assert.equal(formatAngle(-5.83), "5.8°");
  assert.equal(formatConfidence(0.999), "99%");
  assert.equal(formatConfidence(1), "100%");
  assert.equal(formatConfidence(0.4), "40%");
});
