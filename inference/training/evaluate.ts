/**
 * End-to-end evaluation of the shipped models through the runtime, on seeds
 * never trained on, with frames rendered by the live renderer and sent
 * through VP8 like a live lane. Prints per-frame and per-shot pin metrics
 * (a shot's state is the mean of its first settled frames), the
 * confidence → coverage / wrong-auto-settle curve, and ball detection
 * recall, precision and centre error.
 *
 * Run: ./lanecast deno run -A inference/training/evaluate.ts --seeds 100:200 [--shots 2]
 *      [--bitrate 500000] [--frames 5] [--json inference/models/eval_100_199.json]
 */
import { projectLanePoint } from "../../core/lane_geometry.ts";
import { createLaneSim } from "../../sim/render.ts";
import { sceneAt } from "../../sim/scene.ts";
import { ShotSequence } from "../../sim/shot_sequence.ts";
import { BallModel } from "../models/ball_model.ts";
import { PinModel } from "../models/pin_model.ts";
import type { Frame } from "../models/types.ts";
import { ballRegion, pinSpotsFor } from "../models/windows.ts";
import { vp8RoundTrip } from "./vp8.ts";

function flag(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}
const [from, to] = flag("seeds", "100:200").split(":").map(Number);
const shotsPerSeed = Number(flag("shots", "2"));
const bitrate = Number(flag("bitrate", "500000"));
const fuseFrames = Number(flag("frames", "5"));
const jsonOut = flag("json", "");
const W = 640, H = 360, FPS = 30;
const THRESHOLDS = [0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

const pins = await PinModel.load();
const ball = await BallModel.load();
console.log(`pins ${pins.version} on ${pins.provider}; ball ${ball.version} on ${ball.provider}`);
const frameConf: { conf: number; ok: boolean }[] = [];
const shotConf: { conf: number; ok: boolean; okHint: boolean; confHint: number }[] = [];
const pinRight = new Array(10).fill(0);
let pinFrames = 0;
const BANDS = [[0, 15], [15, 40], [40, 64]] as const;
const bandHits = BANDS.map(() => ({ frames: 0, found: 0 }));
const ballStats = {
  positives: 0,
  found: 0,
  detections: 0,
  correct: 0,
  errSum: 0,
  errs: [] as number[],
  emptyFrames: 0,
  falseOnEmpty: 0,
};

for (let seed = from; seed < to; seed++) {
  const sim = createLaneSim({ seed, width: W, height: H });
  const seq = new ShotSequence({ seed, lane: 1, fps: FPS });
  const spots = pinSpotsFor(sim.calibration);
  const region = ballRegion(sim.calibration);
  for (let k = 0; k < shotsPerSeed; k++) {
    const index = shotsPerSeed === 1 ? 0 : k;
    let f = 0;
    while (seq.shotIndexAt(f) < index) f += 600;
    const plan = seq.plan(index);
    const shot = plan.truth;
    const first = Math.max(0, shot.releaseFrame - 20);
    const last = shot.settledFrame + fuseFrames + 1;
    const raw: Uint8Array[] = [];
    for (let i = first; i <= last; i++) {
      const b = new Uint8Array(sim.frameSize);
      sim.renderFrame(i, b);
      raw.push(b);
    }
    const clip = (await vp8RoundTrip(raw, { width: W, height: H, fps: FPS, bitrate })) ?? raw;
    const frame = (i: number): Frame => ({
      laneId: "1",
      width: W,
      height: H,
      data: clip[i - first],
      captureTimeMs: 0,
      seq: i,
    });
    // Pins: each settled frame alone, and the mean of the first `fuseFrames`.
    const settled = Array.from({ length: fuseFrames }, (_, j) => shot.settledFrame + 1 + j);
    const res = await pins.classify(settled.map((i) => ({ frame: frame(i), spots })));
    const mean = new Float32Array(10);
    for (const r of res) {
      const ok = r.standing === shot.standingAfter;
      frameConf.push({ conf: r.confidence, ok });
      pinFrames++;
      for (let p = 0; p < 10; p++) {
        mean[p] += r.probabilities[p] / res.length;
        if (((r.standing >> p) & 1) === ((shot.standingAfter >> p) & 1)) pinRight[p]++;
      }
    }
    let standing = 0, conf = 1, standingHint = 0, confHint = 1;
    for (let p = 0; p < 10; p++) {
      if (mean[p] >= 0.5) standing |= 1 << p;
      conf = Math.min(conf, Math.max(mean[p], 1 - mean[p]));
      const q = (shot.standingBefore >> p) & 1 ? mean[p] : 0;
      if (q >= 0.5) standingHint |= 1 << p;
      confHint = Math.min(confHint, Math.max(q, 1 - q));
    }
    shotConf.push({
      conf,
      ok: standing === shot.standingAfter,
      okHint: standingHint === shot.standingAfter,
      confHint,
    });
    // Ball: every other frame from release to impact, and the frames before release without a lane ball.
    const items: { i: number; truth: { u: number; v: number; r: number; ft: number } | null }[] =
      [];
    for (let i = first; i < shot.impactFrame; i += 2) {
      const scene = sceneAt(plan, (i - plan.startFrame) / FPS);
      const b = scene.ball;
      if (i >= shot.releaseFrame + 2 && b) {
        const c = projectLanePoint(sim.calibration.camera, b.board, b.ft, b.z);
        items.push({ i, truth: { u: c.u, v: c.v, r: 0.354 * c.scale, ft: b.ft } });
      } else if (!b && !scene.bowler.ball) items.push({ i, truth: null });
    }
    const dets = await ball.detect(items.map((x) => ({ frame: frame(x.i), region })));
    items.forEach((x, j) => {
      const d = dets[j][0];
      if (!x.truth) {
        ballStats.emptyFrames++;
        if (d) ballStats.falseOnEmpty++;
        return;
      }
      ballStats.positives++;
      const band = bandHits[BANDS.findIndex(([a, b]) => x.truth!.ft >= a && x.truth!.ft < b)];
      if (band) band.frames++;
      if (!d) return;
      ballStats.detections++;
      const err = Math.hypot(d.x - x.truth.u, d.y - x.truth.v);
      if (err <= Math.max(3, x.truth.r)) {
        ballStats.correct++;
        if (band) band.found++;
        ballStats.errs.push(err);
      }
    });
  }
  if ((seed - from) % 10 === 9) console.log(`seed ${seed}: ${shotConf.length} shots`);
}

function curve(rows: { conf: number; ok: boolean }[]) {
  return THRESHOLDS.map((t) => {
    const sure = rows.filter((r) => r.conf >= t);
    return {
      threshold: t,
      autoSettled: +(sure.length / rows.length).toFixed(4),
      wrongAutoSettled: sure.filter((r) => !r.ok).length,
      exactWhenSure: +(sure.filter((r) => r.ok).length / Math.max(1, sure.length)).toFixed(5),
    };
  });
}
const errs = ballStats.errs.sort((a, b) => a - b);
const report = {
  seeds: [from, to],
  shotsPerSeed,
  vp8Bitrate: bitrate,
  pins: {
    version: pins.version,
    frames: pinFrames,
    pinAccuracy: pinRight.map((n) => +(n / pinFrames).toFixed(5)),
    frameExact: +(frameConf.filter((r) => r.ok).length / frameConf.length).toFixed(5),
    shots: shotConf.length,
    shotExact: +(shotConf.filter((r) => r.ok).length / shotConf.length).toFixed(5),
    shotExactWithStandingBefore: +(shotConf.filter((r) => r.okHint).length / shotConf.length)
      .toFixed(5),
    frameCurve: curve(frameConf),
    shotCurve: curve(shotConf),
    shotCurveWithStandingBefore: curve(shotConf.map((r) => ({ conf: r.confHint, ok: r.okHint }))),
  },
  ball: {
    version: ball.version,
    threshold: 0.5,
    framesWithBall: ballStats.positives,
    recall: +(ballStats.correct / ballStats.positives).toFixed(4),
    precision: +(ballStats.correct / Math.max(1, ballStats.detections + ballStats.falseOnEmpty))
      .toFixed(4),
    recallByDistance: BANDS.map(([a, b], k) => ({
      ft: `${a}-${b}`,
      frames: bandHits[k].frames,
      recall: +(bandHits[k].found / Math.max(1, bandHits[k].frames)).toFixed(4),
    })),
    framesWithoutBall: ballStats.emptyFrames,
    falseOnEmpty: ballStats.falseOnEmpty,
    centreErrorPx: {
      mean: +(errs.reduce((a, b) => a + b, 0) / Math.max(1, errs.length)).toFixed(3),
      p50: +(errs[Math.floor(errs.length * 0.5)] ?? 0).toFixed(3),
      p95: +(errs[Math.floor(errs.length * 0.95)] ?? 0).toFixed(3),
    },
  },
};
console.log(JSON.stringify(report, null, 2));
if (jsonOut) await Deno.writeTextFile(jsonOut, JSON.stringify(report, null, 2) + "\n");
