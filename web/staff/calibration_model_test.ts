import assert from "node:assert/strict";
import { simCalibrationPoints } from "../../core/calibration.ts";
import {
  CalibrationModel,
  type Clicks,
  type Preview,
  TARGETS,
  toCalibrationPoints,
  toClicks,
} from "./calibration_model.ts";
import type { LaneCalibration } from "./staff_api.ts";

const STILL = { image: {} as CanvasImageSource, width: 640, height: 360 };

function model(saved: LaneCalibration | null = null) {
  const puts: unknown[] = [];
  const api = {
    getCalibration: () => Promise.resolve(saved),
    saveCalibration: (_id: string, points: LaneCalibration["points"]) => {
      puts.push(points);
      return Promise.resolve({ laneId: "1", source: "stored", points, fit: {} } as LaneCalibration);
    },
  };
  return { m: new CalibrationModel({ laneId: "1", api }), puts };
}

Deno.test("toClicks() and toCalibrationPoints() round-trip", () => {
  const points = simCalibrationPoints(640, 360);
  assert.deepEqual(toCalibrationPoints(toClicks(points), 640, 360), points);
});

Deno.test("place() puts the current target and moves on to the next point not yet clicked", () => {
  const { m } = model();
  m.freeze(STILL);
  assert.equal(m.target.value, "foul-line-left");
  m.place(100, 300);
  assert.equal(m.target.value, "foul-line-right");
  m.target.value = "pin-7";
  m.place(300, 20);
  assert.equal(m.target.value, "pin-8");
  assert.deepEqual(m.clicks.value, {
    "foul-line-left": { u: 100, v: 300 },
    "pin-7": { u: 300, v: 20 },
  });
  m.target.value = "pin-10";
  m.place(900, -4);
  const clicks: Clicks = m.clicks.value;
  assert.deepEqual(clicks["pin-10"], { u: 640, v: 0 }, "clamped to the frame");
});

Deno.test("the preview says what is missing, then fits the simulator's lane with no error", () => {
  const { m } = model();
  m.freeze(STILL);
  const previewOf = (): Preview => m.preview.value;
  assert.equal(previewOf().kind, "none");
  m.place(10, 350);
  assert.equal(previewOf().kind, "problem");
  const clicks = toClicks(simCalibrationPoints(640, 360));
  for (const label of TARGETS) {
    m.target.value = label;
    m.place(clicks[label]!.u, clicks[label]!.v);
  }
  const preview = previewOf();
  if (preview.kind !== "fit") throw new Error(`no fit: ${JSON.stringify(preview)}`);
  assert.ok(preview.fit.rmsPx < 0.05, "sub-pixel fit");
});

Deno.test("save() PUTs the clicked points and keeps the answer", async () => {
  const { m, puts } = model();
  m.freeze(STILL);
  const points = simCalibrationPoints(640, 360);
  m.clicks.value = toClicks(points);
  assert.equal(await m.save(), true);
  assert.deepEqual(puts, [points]);
  assert.equal(m.saved.value?.source, "stored");
  assert.equal(m.dirty.value, false);
});

Deno.test("a stored calibration is rescaled onto a still of another size", async () => {
  const stored = simCalibrationPoints(640, 360);
  const { m } = model(
    { laneId: "1", source: "stored", points: stored, fit: {} } as LaneCalibration,
  );
  await m.load();
  m.freeze({ ...STILL, width: 1280, height: 720 });
  assert.deepEqual(m.clicks.value["pin-1"], {
    u: stored.pins[0].u * 2,
    v: stored.pins[0].v * 2,
  });
});
