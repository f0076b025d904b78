import assert from "node:assert/strict";
import {
  type ArrowBoard,
  CalibrationError,
  type CalibrationErrorCode,
  type CalibrationPoints,
  fitCalibration,
  laneOverlay,
  pinSpotsInImage,
  scaleCalibrationPoints,
  simCalibrationPoints,
} from "./calibration.ts";
import { applyHomography, type Mat3, multiplyMat3 } from "./homography.ts";
import { fitHomography, symmetricEigen } from "./homography_fit.ts";
import {
  ARROW_SPOTS,
  defaultSimCalibration,
  laneToImageHomography,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  pinSpot,
  RIGHT_EDGE_BOARD,
} from "./lane_geometry.ts";
import { Prng } from "./prng.ts";

/** A camera unlike the simulator's: off-centre, lower, longer lens, rolled a little, at 1280×720. */
function syntheticHomography(): Mat3 {
  const camera = {
    width: 1280,
    height: 720,
    board: 14,
    ft: -20,
    heightFt: 8,
    pitchDeg: 14,
    focalPx: 1800,
    cx: 640,
    cy: 360,
  };
  const roll = (3 * Math.PI) / 180;
  const [c, s] = [Math.cos(roll), Math.sin(roll)];
  // Rotate the image about its centre.
  const rotate: Mat3 = [c, -s, 640 - 640 * c + 360 * s, s, c, 360 - 640 * s - 360 * c, 0, 0, 1];
  return multiplyMat3(rotate, laneToImageHomography(camera));
}

/** What staff would click for a camera `h`, each click off by up to `noisePx` in u and v. */
function clicksFor(
  h: Mat3,
  width: number,
  height: number,
  noisePx: number,
  seed = 1,
): CalibrationPoints {
  const rng = new Prng(seed);
  const at = (board: number, ft: number) => {
    const p = applyHomography(h, board, ft);
    return { u: p.x + rng.uniform(-noisePx, noisePx), v: p.y + rng.uniform(-noisePx, noisePx) };
  };
  return {
    width,
    height,
    foulLine: { left: at(LEFT_EDGE_BOARD, 0), right: at(RIGHT_EDGE_BOARD, 0) },
    arrows: ARROW_SPOTS.map((a) => ({ board: a.board as ArrowBoard, ...at(a.board, a.ft) })),
    pins: [1, 2, 3, 7, 10].map((pin) => ({ pin, ...at(pinSpot(pin).board, pinSpot(pin).ft) })),
  };
}

function refuses(points: CalibrationPoints, code: CalibrationErrorCode, detail?: RegExp) {
  assert.throws(() => fitCalibration(points), (err) => {
    assert.ok(err instanceof CalibrationError, `expected a CalibrationError, got ${err}`);
    assert.equal(err.code, code, err.message);
    if (detail) assert.match(err.message, detail);
    return true;
  });
}

const clone = (p: CalibrationPoints): CalibrationPoints => structuredClone(p);

Deno.test("fitCalibration() recovers a synthetic camera from clicks with ±1 px noise", () => {
  const truth = syntheticHomography();
  for (const seed of [1, 2, 3, 4, 5]) {
    const fit = fitCalibration(clicksFor(truth, 1280, 720, 1, seed));
    assert.ok(fit.rmsPx < 1.5, `RMS ${fit.rmsPx}`);
    assert.equal(fit.points.length, 2 + 7 + 5);
    // Anywhere on the lane, fitted and true pixels agree within 2 px.
    for (const board of [0.5, 10, 20, 30, 39.5]) {
      for (const ft of [0, 7, 15, 30, 45, 60, PIN_DECK_END_FT]) {
        const a = applyHomography(fit.laneToImage, board, ft);
        const b = applyHomography(truth, board, ft);
        assert.ok(
          Math.hypot(a.x - b.x, a.y - b.y) < 2,
          `seed ${seed} (${board}, ${ft}): ${a.x},${a.y} vs ${b.x},${b.y}`,
        );
      }
    }
    // The inverse takes the pin spots back to the lane.
    for (const p of pinSpotsInImage(fit)) {
      const back = applyHomography(fit.imageToLane, p.u, p.v);
      assert.ok(
        Math.abs(back.x - pinSpot(p.pin).board) < 1e-6 &&
          Math.abs(back.y - pinSpot(p.pin).ft) < 1e-6,
      );
    }
  }
});

Deno.test("fitCalibration() reports each point's reprojection error and the RMS", () => {
  const points = clicksFor(syntheticHomography(), 1280, 720, 0);
  points.pins[0].u += 4; // pin 1 clicked 4 px to the right
  const fit = fitCalibration(points);
  const labels = fit.points.map((p) => p.label);
  assert.deepEqual(labels.slice(0, 3), ["foul-line-left", "foul-line-right", "arrow-5"]);
  assert.ok(labels.includes("pin-10"));
  const pin1 = fit.points.find((p) => p.label === "pin-1")!;
  assert.equal(
    pin1.errorPx,
    Math.max(...fit.points.map((p) => p.errorPx)),
    "the moved click is the worst",
  );
  assert.equal(fit.maxErrorPx, pin1.errorPx);
  const rms = Math.sqrt(fit.points.reduce((s, p) => s + p.errorPx ** 2, 0) / fit.points.length);
  assert.ok(Math.abs(fit.rmsPx - rms) < 1e-12);
  assert.ok(fit.rmsPx > 0.1 && fit.rmsPx < 2);
});

Deno.test("simCalibrationPoints() calibrates the simulator's camera exactly, at any frame size", () => {
  for (const [w, h] of [[640, 360], [1280, 720]]) {
    const points = simCalibrationPoints(w, h);
    const fit = fitCalibration(points);
    assert.ok(fit.rmsPx < 0.02, `RMS ${fit.rmsPx}`);
    const sim = defaultSimCalibration(w, h);
    for (const pin of pinSpotsInImage(fit)) {
      const p = applyHomography(sim.laneToImage, pinSpot(pin.pin).board, pinSpot(pin.pin).ft);
      assert.ok(Math.hypot(p.x - pin.u, p.y - pin.v) < 0.05);
    }
  }
  const scaled = fitCalibration(scaleCalibrationPoints(simCalibrationPoints(640, 360), 1280, 720));
  const big = fitCalibration(simCalibrationPoints(1280, 720));
  for (const [a, b] of pinSpotsInImage(scaled).map((p, i) => [p, pinSpotsInImage(big)[i]])) {
    assert.ok(Math.hypot(a.u - b.u, a.v - b.v) < 0.1);
  }
});

Deno.test("laneOverlay() draws the fitted lane where the clicks were", () => {
  const points = simCalibrationPoints();
  const overlay = laneOverlay(fitCalibration(points));
  const near = (a: { u: number; v: number }, b: { u: number; v: number }) =>
    Math.hypot(a.u - b.u, a.v - b.v) < 0.1;
  assert.ok(near(overlay.foulLine[0], points.foulLine.right));
  assert.ok(near(overlay.foulLine.at(-1)!, points.foulLine.left));
  assert.ok(near(overlay.leftEdge[0], points.foulLine.left));
  assert.ok(near(overlay.rightEdge[0], points.foulLine.right));
  assert.ok(overlay.leftEdge.at(-1)!.v < overlay.pinSpots[6].v, "the edges run past the back row");
  assert.equal(overlay.arrows.length, 7);
  assert.ok(points.arrows.every((a, i) => near(overlay.arrows[i], a)));
  assert.equal(overlay.headPinLine.length, 9);
  assert.deepEqual(overlay.pinSpots.map((p) => p.pin), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const p of overlay.pinSpots) {
    assert.ok(p.widthPx > 1 && p.widthPx < 10, `pin ${p.pin} ${p.widthPx}px wide`);
  }
  for (const line of [overlay.foulLine, overlay.leftEdge, overlay.rightEdge]) {
    assert.ok(line.every((p) => Number.isFinite(p.u) && Number.isFinite(p.v)));
  }
});

Deno.test("fitCalibration() refuses missing arrows and pins", () => {
  const good = simCalibrationPoints();
  const noCentre = clone(good);
  noCentre.arrows = noCentre.arrows.filter((a) => a.board !== 20);
  refuses(noCentre, "calibration_missing_points", /"arrow-20"/);
  const noSeven = clone(good);
  noSeven.pins = noSeven.pins.filter((p) => p.pin !== 7);
  refuses(noSeven, "calibration_missing_points", /"pin-7"/);
  const threePins = clone(good);
  threePins.pins = threePins.pins.filter((p) => [1, 7, 10].includes(p.pin));
  refuses(threePins, "calibration_missing_points", /at least 4 pins/);
});

Deno.test("fitCalibration() refuses duplicate pins, arrows and clicks", () => {
  const good = simCalibrationPoints();
  const twoSevens = clone(good);
  twoSevens.pins.push({ ...twoSevens.pins[6], u: twoSevens.pins[6].u + 3 });
  refuses(twoSevens, "calibration_duplicate_point", /"pin-7" is given more than once/);
  const twoArrows = clone(good);
  twoArrows.arrows[1] = { ...twoArrows.arrows[1], board: 5 };
  refuses(twoArrows, "calibration_duplicate_point", /"arrow-5"/);
  const samePixel = clone(good);
  samePixel.pins[1] = { ...samePixel.pins[1], u: samePixel.pins[0].u, v: samePixel.pins[0].v };
  refuses(samePixel, "calibration_duplicate_point", /"pin-1" and "pin-2" are on the same pixel/);
});

Deno.test("fitCalibration() refuses points outside the frame", () => {
  for (const [key, value] of [["u", -1], ["u", 641], ["v", -0.5], ["v", 360.5]] as const) {
    const points = clone(simCalibrationPoints());
    points.pins[9][key] = value;
    refuses(points, "calibration_point_outside", /"pin-10" is outside the 640×360 frame/);
  }
});

Deno.test("fitCalibration() refuses collinear clicks", () => {
  const points = clone(simCalibrationPoints());
  let i = 0;
  const onLine = () => ({ u: 10 + 30 * i, v: 20 + 15 * i++ });
  points.foulLine = { left: onLine(), right: onLine() };
  points.arrows = points.arrows.map((a) => ({ ...a, ...onLine() }));
  points.pins = points.pins.map((p) => ({ ...p, ...onLine() }));
  refuses(points, "calibration_collinear");
});

Deno.test("fitCalibration() refuses mislabelled clicks that no lane fits", () => {
  const good = simCalibrationPoints(1280, 720);
  const swapped = clone(good);
  // Pin 1 tagged as the centre arrow and the centre arrow as pin 1.
  const pin1 = swapped.pins[0], arrow20 = swapped.arrows[3];
  swapped.pins[0] = { pin: 1, u: arrow20.u, v: arrow20.v };
  swapped.arrows[3] = { board: 20, u: pin1.u, v: pin1.v };
  assert.throws(() => fitCalibration(swapped), (err) => {
    assert.ok(err instanceof CalibrationError);
    assert.ok(["calibration_poor_fit", "calibration_degenerate"].includes(err.code), err.code);
    return true;
  });
  const mirrored = clone(good);
  mirrored.foulLine = { left: good.foulLine.right, right: good.foulLine.left };
  refuses(mirrored, "calibration_poor_fit", /RMS error .* px, limit 14\.7 px/);
  assert.throws(() => fitCalibration(mirrored), (err) => {
    const details = (err as CalibrationError).details as {
      points: { label: string; errorPx: number }[];
    };
    assert.equal(details.points.length, 19);
    return true;
  });
});

Deno.test("fitCalibration() honours a stricter RMS limit", () => {
  const points = clicksFor(syntheticHomography(), 1280, 720, 1);
  assert.ok(fitCalibration(points).rmsPx > 0.1);
  assert.throws(() => fitCalibration(points, { maxRmsPx: 0.05 }), /RMS error/);
});

Deno.test("fitHomography() is exact on four points and refuses three or a line", () => {
  const h: Mat3 = [2, 0.1, 5, -0.2, 1.5, 7, 0.001, 0.002, 1];
  const from = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 0, y: 80 }, { x: 90, y: 120 }];
  const fit = fitHomography(from.map((p) => ({ from: p, to: applyHomography(h, p.x, p.y) })));
  assert.ok(fit);
  fit.h.forEach((v, i) =>
    assert.ok(Math.abs(v - h[i]) < 1e-9 * Math.max(1, Math.abs(h[i])), `h[${i}] ${v} vs ${h[i]}`)
  );
  assert.ok(fit.ambiguity < 1e-12);
  assert.equal(fitHomography(from.slice(0, 3).map((p) => ({ from: p, to: p }))), null);
  const line = [0, 1, 2, 3, 4].map((i) => ({ from: { x: i, y: 2 * i }, to: { x: 3 * i, y: i } }));
  assert.equal(fitHomography(line), null);
  const same = [0, 1, 2, 3].map(() => ({ from: { x: 1, y: 1 }, to: { x: 1, y: 1 } }));
  assert.equal(fitHomography(same), null);
});

Deno.test("symmetricEigen() diagonalises a symmetric matrix", () => {
  const m = [4, 1, 2, 1, 3, 0, 2, 0, 5];
  const { values, vectors } = symmetricEigen(m, 3);
  for (let k = 0; k < 3; k++) {
    const v = [0, 1, 2].map((i) => vectors[i * 3 + k]);
    const mv = [0, 1, 2].map((i) => m[i * 3] * v[0] + m[i * 3 + 1] * v[1] + m[i * 3 + 2] * v[2]);
    mv.forEach((x, i) => assert.ok(Math.abs(x - values[k] * v[i]) < 1e-10));
  }
  assert.ok(Math.abs(values.reduce((a, b) => a + b) - 12) < 1e-10, "trace kept");
});
