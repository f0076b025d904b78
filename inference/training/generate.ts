/**
 * Training data for the ball detector and the pin classifier, rendered from
 * the simulator with randomised looks and passed through VP8 like live
 * frames. Crops are made by the runtime's own windows and sampler, so the
 * models train on exactly what they will see.
 *
 * Run: ./lanecast deno run -A inference/training/generate.ts --seeds 10000:10300 --out data/training/train
 *      [--shots 2] [--vp8 0.8] [--pins-only]
 *
 * Writes to --out: ball_x.u8 (N×3×192×80 bytes, Y U V), ball_y.f32 (N×6: present
 * (1, 0, or −1 = ignore), cx, cy, radius in input pixels, in hand, share of the
 * ball that shows 0…1), pins_x.u8
 * (M×3×40×80), pins_y.f32 (M×11: P(standing) target per pin, then the
 * kind: 0 before the shot, 1 settled, 2 sweep bar coming down), meta.json.
 */
import { defaultSimCalibration } from "../../core/lane_geometry.ts";
import { createPrng } from "../../core/prng.ts";
import { renderBackground } from "../../sim/background.ts";
import type { Rgb } from "../../sim/bowler.ts";
import { sceneAt } from "../../sim/scene.ts";
import { ShotSequence } from "../../sim/shot_sequence.ts";
import { sampleI420, toBytes } from "../models/i420_sample.ts";
import { flag, trainingSeeds } from "./args.ts";
import { ballRegion, pinSpotsFor, rackWindow, regionWindow } from "../models/windows.ts";
import { createComposer, jitterRegion, type Look, renderClip } from "./compose.ts";
import { maybeVp8 } from "./vp8.ts";

export const BALL_W = 80, BALL_H = 192, PIN_W = 80, PIN_H = 40;
const WIDTH = 640, HEIGHT = 360, FPS = 30;
const PALETTE: Rgb[] = [
  [40, 70, 200],
  [170, 30, 40],
  [110, 40, 160],
  [20, 130, 90],
  [230, 120, 20],
  [30, 30, 35],
  [200, 40, 140],
  [0, 150, 190],
];

const [seedFrom, seedTo] = trainingSeeds("10000:10010");
const outDir = flag("out", "data/training/train");
const shotsPerSeed = Number(flag("shots", "2"));
const vp8Share = Number(flag("vp8", "0.8"));
const pinsOnly = Deno.args.includes("--pins-only");
await Deno.mkdir(outDir, { recursive: true });
const files = {
  ballX: await Deno.open(`${outDir}/ball_x.u8`, { write: true, create: true, truncate: true }),
  ballY: await Deno.open(`${outDir}/ball_y.f32`, { write: true, create: true, truncate: true }),
  pinX: await Deno.open(`${outDir}/pins_x.u8`, { write: true, create: true, truncate: true }),
  pinY: await Deno.open(`${outDir}/pins_y.f32`, { write: true, create: true, truncate: true }),
};
const cal = defaultSimCalibration(WIDTH, HEIGHT);
const cam = cal.camera;
const region = ballRegion(cal, BALL_W / BALL_H);
const spots = pinSpotsFor(cal);
const ballIn = new Float32Array(3 * BALL_W * BALL_H);
const pinIn = new Float32Array(3 * PIN_W * PIN_H);
const counts = {
  shots: 0,
  ball: 0,
  ballPositive: 0,
  ballIgnored: 0,
  pins: 0,
  vp8Clips: 0,
  frames: 0,
};
const started = performance.now();

for (let seed = seedFrom; seed < seedTo; seed++) {
  const rng = createPrng(seed, 0x7a11);
  const bg = renderBackground(seed, cam);
  const composer = createComposer(bg, cam);
  const seq = new ShotSequence({ seed, lane: 1, fps: FPS });
  for (let k = 0; k < shotsPerSeed; k++) {
    const index = Math.floor(rng.uniform(0, 21));
    let f = 0;
    while (seq.shotIndexAt(f) < index) f += 600;
    const plan = seq.plan(index);
    const t = plan.times;
    const look: Look = {
      ballColor: rng.chance(0.5)
        ? plan.bowler.ballColor
        : rng.chance(0.5)
        ? PALETTE[Math.floor(rng.uniform(0, 8))]
        : [rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)],
      gain: rng.uniform(0.72, 1.2),
      offset: rng.uniform(-14, 14),
      du: rng.uniform(-7, 7),
      dv: rng.uniform(-7, 7),
      noise: rng.uniform(0, 7),
    };
    const t0 = Math.max(0, t.approachS - 0.3);
    const t1 = t.sweepS + 0.45;
    // Pins only: a short stretch before the approach, then a cut to the settled rack.
    const stamps = Array.from({ length: Math.ceil((t1 - t0) * FPS) }, (_, i) => t0 + i / FPS)
      .filter((ts) => !pinsOnly || ts < t0 + 0.4 || ts >= t.settledS - 0.2);
    const n = stamps.length;
    const { frames, truths } = renderClip(composer, plan, look, stamps);
    const { clip, coded } = await maybeVp8(frames, rng, vp8Share, {
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
    });
    if (coded) counts.vp8Clips++;
    counts.frames += n;
    counts.shots++;
    const phase = Math.floor(rng.uniform(0, 3));
    for (let i = 0; i < n; i++) {
      const ts = stamps[i];
      const frame = clip[i];
      // Ball samples: every third frame from the swing to the pit, a few without a ball.
      const ballTime = ts > t.releaseS - 1.4 && ts < t.ballGoneS + 0.2;
      if (!pinsOnly && ((ballTime && i % 3 === phase) || (!ballTime && rng.chance(0.06)))) {
        const win = regionWindow(jitterRegion(region, rng, 0.05, 0.03), BALL_W, BALL_H);
        sampleI420(frame, WIDTH, HEIGHT, win, BALL_W, BALL_H, ballIn, 0);
        const b = truths[i];
        const y = new Float32Array(6);
        if (b) {
          const cx = (b.u - win.x) / win.stepX, cy = (b.v - win.y) / win.stepY;
          const inside = cx >= 0 && cy >= 0 && cx < BALL_W && cy < BALL_H;
          y[0] = inside && b.visible >= 0.5 ? 1 : inside && b.visible > 0.15 ? -1 : 0;
          y[1] = cx, y[2] = cy, y[3] = b.radius / Math.sqrt(win.stepX * win.stepY);
          y[4] = b.inHand ? 1 : 0;
          y[5] = b.visible;
        }
        await files.ballX.write(toBytes(ballIn));
        await files.ballY.write(new Uint8Array(y.buffer));
        counts.ball++;
        if (y[0] === 1) counts.ballPositive++;
        if (y[0] === -1) counts.ballIgnored++;
      }
      // Pin samples: the rack before the shot, and every frame once the pins settled.
      const scene = sceneAt(plan, ts);
      let kind = -1;
      let standing = 0;
      if (ts < t.releaseS - 0.6 && rng.chance(pinsOnly ? 0.5 : 0.2)) {
        kind = 0;
        standing = plan.slot.standingBefore;
      } else if (ts >= t.settledS && ts < t.sweepS + 0.45) {
        // The sweep bar drops in front of the rack; the pins' heads still show above it.
        kind = scene.bar ? 2 : 1;
        standing = plan.pinfall.standingAfter;
      }
      if (kind >= 0) {
        const sc = rng.uniform(0.96, 1.04);
        const sp = spots.map((p) => ({
          x: p.x + rng.uniform(-0.12, 0.12) * p.scale,
          y: p.y + rng.uniform(-0.08, 0.08) * p.scale,
          scale: p.scale * sc,
        }));
        sampleI420(frame, WIDTH, HEIGHT, rackWindow(sp, PIN_W, PIN_H), PIN_W, PIN_H, pinIn, 0);
        const y = new Float32Array(11);
        for (let p = 0; p < 10; p++) y[p] = (standing >> p) & 1;
        y[10] = kind;
        await files.pinX.write(toBytes(pinIn));
        await files.pinY.write(new Uint8Array(y.buffer));
        counts.pins++;
      }
    }
  }
  if ((seed - seedFrom) % 10 === 9) {
    console.log(
      `seed ${seed}: ${JSON.stringify(counts)} ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s`,
    );
  }
}
for (const f of Object.values(files)) f.close();
const meta = {
  seeds: [seedFrom, seedTo],
  shotsPerSeed,
  vp8Share,
  pinsOnly,
  vp8Bitrate: "log-uniform 200 kbit/s … 2 Mbit/s, libvpx realtime cpu-used 8",
  frame: { width: WIDTH, height: HEIGHT, fps: FPS },
  ballInput: [3, BALL_H, BALL_W],
  pinInput: [3, PIN_H, PIN_W],
  look:
    "ball colour (own / palette / random), luma gain 0.72–1.2, offset ±14, chroma cast ±7, noise 0–7",
  jitter: "ball region ±5% x, ±3% y, scale ±6%; pin spots ±0.12 ft x, ±0.08 ft y, scale ±4%",
  counts,
  seconds: Math.round((performance.now() - started) / 1000),
};
await Deno.writeTextFile(`${outDir}/meta.json`, JSON.stringify(meta, null, 2));
console.log(JSON.stringify(meta));
