import assert from "node:assert/strict";
import { simCalibrationPoints } from "./calibration.ts";
import { CalibrationPointsSchema } from "./calibration_schema.ts";

Deno.test("CalibrationPointsSchema accepts the simulator's points unchanged, at any frame size", () => {
  for (const [w, h] of [[640, 360], [1280, 720]]) {
    const points = simCalibrationPoints(w, h);
    assert.deepEqual(CalibrationPointsSchema.parse(points), points);
  }
});

Deno.test("CalibrationPointsSchema refuses unknown fields, unknown arrow boards and bad sizes", () => {
  const good = simCalibrationPoints();
  const bad: unknown[] = [
    { ...good, extra: 1 },
    { ...good, width: 640.5 },
    { ...good, width: 0 },
    { ...good, height: 100_000 },
    { ...good, arrows: [{ board: 12, u: 1, v: 1 }] },
    { ...good, pins: [{ pin: 11, u: 1, v: 1 }] },
    { ...good, pins: [{ pin: 1, u: "1", v: 1 }] },
    { ...good, pins: [{ pin: 1, u: Infinity, v: 1 }] },
    { ...good, pins: [{ pin: 1, u: 1, v: 1, note: "x" }] },
    { ...good, foulLine: { left: good.foulLine.left } },
    { ...good, pins: Array.from({ length: 11 }, (_, i) => ({ pin: (i % 10) + 1, u: i, v: i })) },
  ];
  for (const value of bad) {
    assert.equal(CalibrationPointsSchema.safeParse(value).success, false, JSON.stringify(value));
  }
});
