import assert from "node:assert/strict";
import { FULL_RACK, standingOf } from "../core/pins.ts";
import type { LaneShot } from "./api.ts";
import type { Sheet } from "../core/session_sheet.ts";
import {
  asScored,
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

Deno.test("asScored() lays staff's corrections on the sheet over the AI's read", () => {
  const shot = (id: string, standing: number) =>
    ({ id, standing, standingBefore: 1023, foul: false }) as unknown as LaneShot;
  const ball = (shotId: string | null, standing: number, corrected: boolean, reason?: string) => ({
    shotId,
    standing,
    foul: false,
    corrected,
    correction: reason ? { reason, at: "2026-12-07T00:00:00Z", by: "Admin" } : null,
  });
  const sheet = {
    bowlers: [{
      frames: [
        { balls: [ball("a", 0b1000000000, false), ball("b", 0, false)] },
        { balls: [ball("c", 0b1000000, true, "The 7 was standing")] },
        { balls: [ball("d", 0b1, false), ball("e", 0, true, "Picked up")] },
      ],
    }],
  } as unknown as Sheet;
  const shots = [shot("e", 1), shot("c", 0), shot("b", 0), shot("x", 0)];
  const scored = asScored(shots, sheet);
  assert.equal(scored[0].standing, 0);
  assert.equal(scored[0].standingBefore, 0b1, "the rack the corrected ball faced");
  assert.equal(describeLeave(scored[0]).label, "Spare");
  assert.equal(scored[0].correction, "Picked up");
  assert.equal(describeLeave(scored[1]).label, "Leave 7");
  assert.equal(scored[1].correction, "The 7 was standing");
  assert.equal(scored[2], shots[2], "an uncorrected ball's shot is the AI's");
  assert.equal(scored[3], shots[3], "a shot on no sheet is the AI's");
  assert.equal(asScored(shots, null), shots);
});
