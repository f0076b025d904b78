import assert from "node:assert/strict";
import { fitCalibration, simCalibrationPoints } from "./calibration.ts";
import { DomainError } from "./errors.ts";
import {
  calibrationFromCorners,
  checkLaneCorners,
  type LaneCorner,
  parseLaneCorners,
  simLaneCorners,
} from "./lane_corners.ts";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DomainError, String(err));
    return err.code;
  }
  return null;
};

Deno.test("the simulator's four true corners give its calibration's every arrow and pin", () => {
  const points = calibrationFromCorners(simLaneCorners(), 640, 360);
  const truth = simCalibrationPoints(640, 360);
  const close = (a: { u: number; v: number }, b: { u: number; v: number }) =>
    assert.ok(Math.hypot(a.u - b.u, a.v - b.v) < 0.05, `${JSON.stringify(a)} ${JSON.stringify(b)}`);
  close(points.foulLine.left, truth.foulLine.left);
  close(points.foulLine.right, truth.foulLine.right);
  assert.equal(points.arrows.length, 7);
  assert.equal(points.pins.length, 10);
  points.arrows.forEach((a, i) => close(a, truth.arrows[i]));
  points.pins.forEach((p, i) => close(p, truth.pins[i]));
  assert.ok(fitCalibration(points).rmsPx < 0.05);
});

Deno.test("corners are fractions of the frame: the same clicks fit any frame size", () => {
  const small = calibrationFromCorners(simLaneCorners(), 640, 360);
  const large = calibrationFromCorners(simLaneCorners(), 1280, 720);
  assert.ok(Math.abs(large.pins[0].u - 2 * small.pins[0].u) < 0.01);
  assert.ok(Math.abs(large.pins[0].v - 2 * small.pins[0].v) < 0.01);
});

Deno.test("parseLaneCorners() takes exactly four {x, y} fractions and refuses the rest", () => {
  const good = JSON.stringify(simLaneCorners());
  assert.equal(parseLaneCorners(good).length, 4);
  for (
    const bad of [
      "not json",
      "{}",
      "[]",
      JSON.stringify(simLaneCorners().slice(0, 3)),
      JSON.stringify([...simLaneCorners(), { x: 0.5, y: 0.5 }]),
      JSON.stringify([{ x: 0.1, y: 0.9 }, { x: 0.9, y: 0.9 }, { x: 0.6, y: 0.1 }, [0.4, 0.1]]),
      JSON.stringify([{ x: 0.1, y: 0.9 }, { x: 0.9, y: 0.9 }, { x: 0.6, y: 0.1 }, { x: "0.4" }]),
      JSON.stringify([{ x: 0.1, y: 0.9 }, { x: 0.9, y: 0.9 }, { x: 0.6, y: 0.1 }, {
        x: 0.4,
        y: 0.1,
        z: 1,
      }]),
      JSON.stringify([{ x: -0.1, y: 0.9 }, { x: 0.9, y: 0.9 }, { x: 0.6, y: 0.1 }, {
        x: 0.4,
        y: 0.1,
      }]),
      JSON.stringify([{ x: 0.1, y: 1.2 }, { x: 0.9, y: 0.9 }, { x: 0.6, y: 0.1 }, {
        x: 0.4,
        y: 0.1,
      }]),
      '[{"x":1e400,"y":0.9},{"x":0.9,"y":0.9},{"x":0.6,"y":0.1},{"x":0.4,"y":0.1}]',
    ]
  ) {
    assert.equal(code(() => parseLaneCorners(bad)), "lane_corners_invalid", bad);
  }
});

Deno.test("corners that cross, fold in, collapse or swap left and right are refused", () => {
  const [a, b, c, d] = simLaneCorners();
  const cases: [string, LaneCorner[], string][] = [
    ["crossed (right ends swapped)", [a, c, b, d], "lane_corners_not_convex"],
    ["a dent", [a, b, { x: 0.5, y: 0.7 }, d], "lane_corners_not_convex"],
    ["all on one line", [
      { x: 0.1, y: 0.5 },
      { x: 0.2, y: 0.5 },
      { x: 0.3, y: 0.5 },
      { x: 0.4, y: 0.5 },
    ], "lane_corners_not_convex"],
    ["a speck", [
      { x: 0.5, y: 0.5 },
      { x: 0.501, y: 0.5 },
      { x: 0.501, y: 0.499 },
      { x: 0.5, y: 0.499 },
    ], "lane_corners_not_convex"],
    ["mirrored (left and right swapped)", [b, a, d, c], "lane_corners_mirrored"],
  ];
  for (const [name, corners, want] of cases) {
    assert.equal(code(() => calibrationFromCorners(corners, 640, 360)), want, name);
  }
  assert.equal(code(() => checkLaneCorners(simLaneCorners())), null);
});

Deno.test("a camera at the pin end looking back (the lane upside down) still calibrates", () => {
  const turned = simLaneCorners().map(({ x, y }) => ({ x: 1 - x, y: 1 - y }));
  const points = calibrationFromCorners(turned, 640, 360);
  assert.ok(points.pins[0].v > points.foulLine.left.v, "the pins are nearer the bottom");
});
