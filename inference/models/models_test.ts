import assert from "node:assert/strict";
import { projectLanePoint } from "../../core/lane_geometry.ts";
import { createLaneSim } from "../../sim/render.ts";
import { sceneAt } from "../../sim/scene.ts";
import { ShotSequence } from "../../sim/shot_sequence.ts";
import { BallModel, decodeBall } from "./ball_model.ts";
import { createBallDetector } from "./ball_detector.ts";
import { foulVerdict } from "../events/foul_vote.ts";
import { FoulModel } from "./foul_model.ts";
import { PinModel, pinState } from "./pin_model.ts";
import type { Frame } from "./types.ts";
import { ballRegion, foulRegion, pinSpotsFor } from "./windows.ts";
import { YoloBallDetector } from "../yolo/yolo_detector.ts";
import { fromHomography } from "../tracking/lane_view.ts";

const PINS = new URL("./pins.onnx", import.meta.url).pathname;
const YOLO = new URL("../yolo/testdata/tiny_yolo.onnx", import.meta.url).pathname;
// Held-out seeds: never used for training (training uses 10000+, evaluation 100–199).
const SEED = 20100;

function frameOf(sim: ReturnType<typeof createLaneSim>, index: number): Frame {
  const data = new Uint8Array(sim.frameSize);
  sim.renderFrame(index, data);
  return {
    laneId: "1",
    width: sim.width,
    height: sim.height,
    data,
    captureTimeMs: index * 33,
    seq: index,
  };
}

Deno.test("model loading fails at start with the file and the reason: missing, truncated, random bytes, wrong model", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      PinModel.load({ path: `${dir}/nope.onnx` }),
      /Cannot load model ".*nope.onnx": the file does not exist/,
    );
    const bytes = await Deno.readFile(PINS);
    await Deno.writeFile(`${dir}/truncated.onnx`, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(
      PinModel.load({ path: `${dir}/truncated.onnx` }),
      /Cannot load model ".*truncated.onnx": /,
    );
    const noise = new Uint8Array(4096);
    crypto.getRandomValues(noise);
    await Deno.writeFile(`${dir}/noise.onnx`, noise);
    await assert.rejects(
      BallModel.load({ path: `${dir}/noise.onnx` }),
      /Cannot load model ".*noise.onnx": /,
    );
    await Deno.writeFile(`${dir}/empty.onnx`, new Uint8Array(0));
    await assert.rejects(
      BallModel.load({ path: `${dir}/empty.onnx` }),
      /Cannot load model ".*empty.onnx": the file is 0 bytes long/,
    );
    await assert.rejects(
      BallModel.load({ path: PINS }),
      /Cannot load model ".*pins.onnx": it has no input "lane" \(it has "rack"\)/,
    );
    await assert.rejects(
      PinModel.load({ path: YOLO }),
      /Cannot load model ".*tiny_yolo.onnx": it has no input "rack"/,
    );
    await assert.rejects(
      FoulModel.load({ path: PINS }),
      /Cannot load model ".*pins.onnx": it has no input "foulline" \(it has "rack"\)/,
    );
    await assert.rejects(
      FoulModel.load({ path: `${dir}/truncated.onnx` }),
      /Cannot load model ".*truncated.onnx": /,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("models carry their name and a sha256 prefix as version, and say which provider runs them", async () => {
  const pins = await PinModel.load();
  const ball = await BallModel.load();
  assert.match(pins.version, /^pins-cnn\+sha256:[0-9a-f]{12}$/);
  assert.match(ball.version, /^ball-cnn\+sha256:[0-9a-f]{12}$/);
  assert.match((await FoulModel.load()).version, /^foul-cnn\+sha256:[0-9a-f]{12}$/);
  assert.ok(["cpu", "cuda"].includes(pins.provider));
  const cpuOnly = await PinModel.load({ providers: ["cpu"] });
  assert.equal(cpuOnly.provider, "cpu");
  assert.equal(cpuOnly.version, pins.version);
});

Deno.test("createBallDetector() picks the YOLO export named by config, else the built-in model", async () => {
  assert.ok((await createBallDetector({})) instanceof BallModel);
  assert.ok((await createBallDetector({ ballModel: YOLO })) instanceof YoloBallDetector);
});

Deno.test("pinState() honours the pins standing before the shot and takes the weakest pin as confidence", () => {
  const p = [0.99, 0.02, 0.9, 0.6, 0.01, 0.01, 0.01, 0.01, 0.01, 0.999];
  const all = pinState(p);
  assert.equal(all.standing, 0b1000001101);
  assert.ok(Math.abs(all.confidence - 0.6) < 1e-6);
  const known = pinState(p, 0b1000000001); // only pins 1 and 10 stood before
  assert.equal(known.standing, 0b1000000001);
  assert.equal(known.probabilities[3], 0);
  assert.ok(Math.abs(known.confidence - 0.99) < 1e-6);
});

Deno.test("the pin classifier reads settled racks of a held-out seed right, in one batch or one by one", async () => {
  const sim = createLaneSim({ seed: SEED, width: 640, height: 360 });
  const shots = sim.shotsUpTo(30 * 60 * 3).slice(0, 8);
  const spots = pinSpotsFor(sim.calibration);
  const items = shots.map((s) => ({ frame: frameOf(sim, s.settledFrame + 2), spots }));
  const pins = await PinModel.load({ maxBatch: 3 });
  const batched = await pins.classify(items);
  assert.deepEqual(batched.map((r) => r.standing), shots.map((s) => s.standingAfter));
  for (let i = 0; i < items.length; i++) {
    const [one] = await pins.classify([items[i]]);
    assert.equal(one.standing, batched[i].standing);
    for (let p = 0; p < 10; p++) {
      assert.ok(Math.abs(one.probabilities[p] - batched[i].probabilities[p]) < 1e-5);
    }
  }
});

Deno.test("the ball detector finds the rolling ball of a held-out seed near its true place, batched like one by one", async () => {
  const sim = createLaneSim({ seed: SEED, width: 640, height: 360 });
  const shot = sim.shotsUpTo(0)[0];
  const region = ballRegion(sim.calibration);
  const frames = [shot.arrowsFrame, shot.arrowsFrame + 20, shot.impactFrame - 10].map((f) =>
    frameOf(sim, f)
  );
  const empty = frameOf(sim, Math.max(0, shot.approachFrame - 10));
  const ball = await BallModel.load({ maxBatch: 2 });
  const found = await ball.detect([...frames, empty].map((frame) => ({ frame, region })));
  for (const [i, dets] of found.slice(0, 3).entries()) {
    assert.ok(dets.length >= 1, `frame ${i}: a ball`);
    assert.ok(dets[0].confidence >= 0.5, `frame ${i}: confident (${dets[0].confidence})`);
  }
  const seq = new ShotSequence({ seed: SEED, lane: 1, fps: 30 });
  for (const [i, f] of [shot.arrowsFrame, shot.arrowsFrame + 20, shot.impactFrame - 10].entries()) {
    const plan = seq.planAt(f);
    const b = sceneAt(plan, (f - plan.startFrame) / 30).ball!;
    const truth = projectLanePoint(sim.calibration.camera, b.board, b.ft, b.z);
    const err = Math.hypot(found[i][0].x - truth.u, found[i][0].y - truth.v);
    assert.ok(err < 3, `frame ${f}: centre ${err.toFixed(2)} px from the truth`);
  }
  // The ball moves up the picture (away from the camera) and shrinks.
  assert.ok(found[0][0].y > found[1][0].y && found[1][0].y > found[2][0].y);
  assert.ok(found[0][0].radius > found[2][0].radius);
  assert.ok(found[3].every((d) => d.confidence < 0.5), "no ball before the approach");
  for (let i = 0; i < frames.length; i++) {
    const [one] = await ball.detect([{ frame: frames[i], region }]);
    assert.ok(
      Math.abs(one[0].x - found[i][0].x) < 1e-3 &&
        Math.abs(one[0].confidence - found[i][0].confidence) < 1e-5,
    );
  }
});

Deno.test("the foul classifier calls a held-out seed's foul and its clean slides, batched like one by one", async () => {
  // Seed 20119: shot 5 fouls (found by scanning held-out seeds); shots 3, 4 and 6 do not.
  const sim = createLaneSim({ seed: 20119, width: 640, height: 360 });
  const shots = sim.shotsUpTo(30 * 60 * 4).slice(3, 7);
  assert.deepEqual(shots.map((s) => s.foul), [false, false, true, false]);
  const foul = await FoulModel.load({ maxBatch: 5 });
  const region = foulRegion(sim.calibration);
  for (const shot of shots) {
    // The frames the shot detector uses: 0.1–1 s after the release, every second one.
    const crops = [];
    for (let f = shot.releaseFrame + 3; f <= shot.releaseFrame + 30; f += 2) {
      const crop = new Uint8Array(foul.cropBytes);
      foul.crop(frameOf(sim, f), region, crop);
      crops.push(crop);
    }
    const p = await foul.classify(crops);
    const verdict = foulVerdict(p)!;
    assert.equal(verdict.foul, shot.foul, `shot ${shot.shot}: P(foul) ${verdict.probability}`);
    assert.ok(verdict.confidence >= 0.95, `shot ${shot.shot}: sure (${verdict.confidence})`);
    const [one] = await foul.classify([crops[4]]);
    assert.ok(Math.abs(one - p[4]) < 1e-5);
  }
});

Deno.test("decodeBall() reads 4-channel maps, and 5-channel ones with the visible share", () => {
  const gh = 6, gw = 5, cells = gh * gw;
  const map = (channels: number) => {
    const out = new Float32Array(2 * channels * cells); // two samples; the second is read
    const base = channels * cells, at = 3 * gw + 2; // cell (x 2, y 3)
    out[base + at] = 0.9; // score
    out[base + cells + at] = 0.5; // x offset
    out[base + 2 * cells + at] = 0.25; // y offset
    out[base + 3 * cells + at] = Math.log(2); // ln radius
    if (channels === 5) out[base + 4 * cells + at] = 0.4;
    out[base + at + 1] = 0.6; // a weaker neighbour: not a peak
    return out;
  };
  const win = { x: 100, y: 50, stepX: 2, stepY: 2 };
  const opts = { threshold: 0.5, maxDetections: 3 };
  const [four] = decodeBall(map(4), 1, gh, gw, win, opts);
  assert.deepEqual([four.x, four.y], [100 + 2.5 * 4 * 2, 50 + 3.25 * 4 * 2]);
  assert.ok(Math.abs(four.radius - 4) < 1e-6 && Math.abs(four.confidence - 0.9) < 1e-6);
  assert.equal(four.visible, undefined);
  const five = decodeBall(map(5), 1, gh, gw, win, { ...opts, channels: 5 });
  assert.equal(five.length, 1);
  assert.ok(Math.abs(five[0].visible! - 0.4) < 1e-6);
  assert.equal(five[0].x, four.x);
});

Deno.test("foulRegion() needs only the lane homography: a clicked-points lane gets the same window", () => {
  const sim = createLaneSim({ seed: SEED, width: 640, height: 360 });
  const view = fromHomography(640, 360, sim.calibration.laneToImage);
  assert.equal(view.calibration, null);
  const a = foulRegion(view.surface), b = foulRegion(sim.calibration);
  for (const k of ["x", "y", "width", "height"] as const) assert.ok(Math.abs(a[k] - b[k]) < 1e-9);
  // Across the lane at the foul line, 1.5 ft behind to 3 ft past it, at 640×360.
  assert.ok(a.y > 270 && a.y < 290 && a.y + a.height > 350, JSON.stringify(a));
});
