import assert from "node:assert/strict";
import { simCalibrationPoints } from "../../core/calibration.ts";
import { toCalibrationPoints, toClicks } from "./calibration_model.ts";
import { previewFit } from "./lane_fit.ts";

Deno.test("previewFit() names the first required point still missing", () => {
  const points = simCalibrationPoints();
  const result = previewFit({ ...points, arrows: points.arrows.filter((a) => a.board !== 20) });
  assert.deepEqual(result, { ok: false, message: 'Click "arrow-20" too' });
  const few = previewFit({
    ...points,
    pins: points.pins.filter((p) => [1, 7, 10].includes(p.pin)),
  });
  assert.deepEqual(few, { ok: false, message: "Click at least 4 pins, got 3" });
});

Deno.test("previewFit() asks for a foul-line end not clicked yet before anything else", () => {
  const { "foul-line-right": _right, "pin-1": _pin, ...clicks } = toClicks(simCalibrationPoints());
  assert.deepEqual(previewFit(toCalibrationPoints(clicks, 640, 360)), {
    ok: false,
    message: 'Click "foul-line-right" too',
  });
});

Deno.test("previewFit() still shows a poor fit (the server refuses it) and maps core's refusals", () => {
  const points = simCalibrationPoints();
  points.pins[4] = { ...points.pins[4], u: points.pins[4].u + 30 };
  const poor = previewFit(points);
  if (!poor.ok) throw new Error(poor.message);
  assert.ok(poor.fit.rmsPx > 3, `RMS ${poor.fit.rmsPx}`);
  const same = simCalibrationPoints();
  same.pins[4] = { ...same.pins[4], u: same.pins[5].u, v: same.pins[5].v };
  assert.deepEqual(previewFit(same), {
    ok: false,
    message: '"pin-5" and "pin-6" are on the same pixel',
  });
});
