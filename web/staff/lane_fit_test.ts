import assert from "node:assert/strict";
import {
  fitCalibration,
  laneOverlay,
  scaleCalibrationPoints,
  simCalibrationPoints,
} from "../../core/calibration.ts";
import { overlayOf, previewFit, scalePoints } from "./lane_fit.ts";

function close(a: number, b: number, what: string) {
  assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);
}

Deno.test("previewFit() agrees with core's fitCalibration() on the simulator's points", () => {
  const points = simCalibrationPoints(1280, 720);
  points.pins[4] = { ...points.pins[4], u: points.pins[4].u + 3 }; // a slightly wrong click
  const core = fitCalibration(points);
  const mine = previewFit(points);
  if (!mine.ok) throw new Error(mine.message);
  close(mine.fit.rmsPx, core.rmsPx, "rms");
  close(mine.fit.maxErrorPx, core.maxErrorPx, "max");
  core.laneToImage.forEach((x, i) => close(mine.fit.laneToImage[i], x, `h${i}`));
  assert.deepEqual(mine.fit.points.map((p) => p.label), core.points.map((p) => p.label));
});

Deno.test("overlayOf() draws what core's laneOverlay() draws", () => {
  const fit = fitCalibration(simCalibrationPoints());
  const core = laneOverlay(fit);
  const mine = overlayOf(fit.laneToImage);
  for (const key of ["foulLine", "leftEdge", "rightEdge", "arrows", "headPinLine"] as const) {
    assert.equal(mine[key].length, core[key].length, key);
    mine[key].forEach((p, i) => {
      close(p.u, core[key][i].u, key);
      close(p.v, core[key][i].v, key);
    });
  }
  mine.pinSpots.forEach((p, i) => close(p.widthPx, core.pinSpots[i].widthPx, "pin width"));
});

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

Deno.test("scalePoints() matches core's scaleCalibrationPoints()", () => {
  const points = simCalibrationPoints();
  assert.deepEqual(scalePoints(points, 1920, 1080), scaleCalibrationPoints(points, 1920, 1080));
});
