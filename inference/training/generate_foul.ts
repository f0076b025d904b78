/**
 * Training data for the foul classifier: frames around the end of each
 * bowler's slide, half of them with the slide foot over the foul line,
 * rendered with randomised looks and passed through VP8 like live frames.
 * Crops come from the runtime's own window and sampler.
 *
 * Run: ./lanecast deno run -A inference/training/generate_foul.ts --seeds 10000:10450 --out data/training/foul_train
 *      [--shots 2] [--vp8 0.8]
 *
 * Writes to --out: foul_x.u8 (N×3×40×96 bytes, Y U V), foul_y.f32 (N×2: foul (0/1),
 * seconds from the release), meta.json.
 */
import { defaultSimCalibration } from "../../core/lane_geometry.ts";
import { createPrng } from "../../core/prng.ts";
import { renderBackground } from "../../sim/background.ts";
import { ShotSequence } from "../../sim/shot_sequence.ts";
import { sampleI420, toBytes } from "../models/i420_sample.ts";
import { flag, trainingSeeds } from "./args.ts";
import { foulRegion, regionWindow } from "../models/windows.ts";
import { createComposer, jitterRegion, type Look, renderClip } from "./compose.ts";
import { maybeVp8 } from "./vp8.ts";

export const FOUL_W = 96, FOUL_H = 40;
const WIDTH = 640, HEIGHT = 360, FPS = 30;
/** Frames from this long before the release to this long after it (s). */
const FROM_S = -0.15, TO_S = 1.1;

const [seedFrom, seedTo] = trainingSeeds("10000:10010");
const outDir = flag("out", "data/training/foul_train");
const shotsPerSeed = Number(flag("shots", "2"));
const vp8Share = Number(flag("vp8", "0.8"));
await Deno.mkdir(outDir, { recursive: true });
const xFile = await Deno.open(`${outDir}/foul_x.u8`, { write: true, create: true, truncate: true });
const yFile = await Deno.open(`${outDir}/foul_y.f32`, {
  write: true,
  create: true,
  truncate: true,
});
const cal = defaultSimCalibration(WIDTH, HEIGHT);
const region = foulRegion(cal, FOUL_W / FOUL_H);
const input = new Float32Array(3 * FOUL_W * FOUL_H);
const counts = { shots: 0, fouls: 0, samples: 0, vp8Clips: 0 };
const started = performance.now();

for (let seed = seedFrom; seed < seedTo; seed++) {
  const rng = createPrng(seed, 0xf0a1);
  const composer = createComposer(renderBackground(seed, cal.camera), cal.camera);
  const seq = new ShotSequence({ seed, lane: 1, fps: FPS });
  for (let k = 0; k < shotsPerSeed; k++) {
    const index = Math.floor(rng.uniform(0, 21));
    const foul = rng.chance(0.5);
    for (let f = 0; seq.shotIndexAt(f) < index; f += 600);
    const plan = { ...seq.plan(index), foul };
    const look: Look = {
      ballColor: plan.bowler.ballColor,
      gain: rng.uniform(0.72, 1.2),
      offset: rng.uniform(-14, 14),
      du: rng.uniform(-7, 7),
      dv: rng.uniform(-7, 7),
      noise: rng.uniform(0, 7),
    };
    const release = plan.times.releaseS;
    // A lead-in of a second so that VP8 is past its key frame when the crops start.
    const t0 = release + FROM_S - 1;
    const times: number[] = [];
    for (let ts = t0; ts <= release + TO_S; ts += 1 / FPS) times.push(ts);
    const { frames } = renderClip(composer, plan, look, times);
    const { clip, coded } = await maybeVp8(frames, rng, vp8Share, {
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
    });
    if (coded) counts.vp8Clips++;
    counts.shots++;
    if (foul) counts.fouls++;
    const phase = Math.floor(rng.uniform(0, 2));
    for (let i = 0; i < clip.length; i++) {
      if (times[i] < release + FROM_S || i % 2 !== phase) continue;
      const win = regionWindow(jitterRegion(region, rng, 0.04, 0.04), FOUL_W, FOUL_H);
      sampleI420(clip[i], WIDTH, HEIGHT, win, FOUL_W, FOUL_H, input, 0);
      await xFile.write(toBytes(input));
      await yFile.write(
        new Uint8Array(new Float32Array([foul ? 1 : 0, times[i] - release]).buffer),
      );
      counts.samples++;
    }
  }
  if ((seed - seedFrom) % 25 === 24) {
    console.log(
      `seed ${seed}: ${JSON.stringify(counts)} ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s`,
    );
  }
}
xFile.close();
yFile.close();
const meta = {
  seeds: [seedFrom, seedTo],
  shotsPerSeed,
  vp8Share,
  vp8Bitrate: "log-uniform 200 kbit/s … 2 Mbit/s, libvpx realtime cpu-used 8",
  frame: { width: WIDTH, height: HEIGHT, fps: FPS },
  foulInput: [3, FOUL_H, FOUL_W],
  window: `release ${FROM_S} s … +${TO_S} s, every second frame; half the shots foul`,
  look: "luma gain 0.72–1.2, offset ±14, chroma cast ±7, noise 0–7",
  jitter: "foul region ±4% x and y, scale ±6%",
  counts,
  seconds: Math.round((performance.now() - started) / 1000),
};
await Deno.writeTextFile(`${outDir}/meta.json`, JSON.stringify(meta, null, 2));
console.log(JSON.stringify(meta));
