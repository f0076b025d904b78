/**
 * `deno task bench:inference`: latency of the ball detector and the pin
 * classifier at realistic batch sizes, and how many 640×360 lanes at 30 fps
 * one process keeps up with: N lanes each deliver a frame every 33 ms into a
 * one-frame slot (as a video sink does: a new frame replaces one not yet
 * read); whenever the model is free it takes every waiting frame as one
 * batch. A frame replaced before it was read is a drop. Every lane also cuts
 * its foul-line window from every second frame, and once per 10 s shot asks
 * for a 5-frame pin reading and a 15-crop foul verdict.
 *
 * Env: BENCH_SECONDS (per lane count, default 20), BENCH_LANES (counts to
 * try, default "1,2,4,8,10,12,16,20,24,32"), BENCH_THREADS (onnxruntime CPU threads, default 2).
 */
import { BallModel } from "../inference/models/ball_model.ts";
import { FoulModel } from "../inference/models/foul_model.ts";
import { PinModel } from "../inference/models/pin_model.ts";
import type { Frame } from "../inference/models/types.ts";
import { ballRegion, foulRegion, pinSpotsFor } from "../inference/models/windows.ts";
import { createLaneSim } from "../sim/render.ts";
import { fmt, percentile } from "./stats.ts";

const W = 640, H = 360, FPS = 30;
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 20);
const LANES = (Deno.env.get("BENCH_LANES") ?? "1,2,4,8,10,12,16,20,24,32").split(",").map(Number);
const THREADS = Number(Deno.env.get("BENCH_THREADS") ?? 2);

const sim = createLaneSim({ seed: 4242, width: W, height: H, fps: FPS });
const shot = sim.shotsUpTo(0)[0];
const frames: Frame[] = Array.from({ length: 16 }, (_, k) => {
  const data = new Uint8Array(sim.frameSize);
  sim.renderFrame(shot.releaseFrame + 4 * k, data);
  return { laneId: String(k), width: W, height: H, data, captureTimeMs: 0, seq: k };
});
const region = ballRegion(sim.calibration);
const spots = pinSpotsFor(sim.calibration);
const ball = await BallModel.load({ threads: THREADS, maxBatch: 32 });
const pins = await PinModel.load({ threads: THREADS, maxBatch: 32 });
const foul = await FoulModel.load({ threads: THREADS, maxBatch: 32 });
const foulWindow = foulRegion(sim.calibration);
const crops = Array.from({ length: 15 }, () => new Uint8Array(foul.cropBytes));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

console.log(
  `provider: ${ball.provider} (ball), ${pins.provider} (pins), ${foul.provider} (foul); onnxruntime threads ${THREADS}; ${navigator.hardwareConcurrency} CPUs`,
);
console.log(
  `ball ${ball.version} input 3x${ball.inputHeight}x${ball.inputWidth}; pins ${pins.version} input 3x${pins.inputHeight}x${pins.inputWidth}; foul ${foul.version} input 3x${foul.inputHeight}x${foul.inputWidth}\n`,
);

async function latency(
  run: (batch: number) => Promise<unknown>,
  batch: number,
  iterations: number,
) {
  for (let i = 0; i < 5; i++) await run(batch);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await run(batch);
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
const ballRun = (n: number) =>
  ball.detect(Array.from({ length: n }, (_, k) => ({ frame: frames[k % 16], region })));
const pinRun = (n: number) =>
  pins.classify(Array.from({ length: n }, (_, k) => ({ frame: frames[k % 16], spots })));
const foulRun = (n: number) => {
  for (let k = 0; k < n; k++) foul.crop(frames[k % 16], foulWindow, crops[k % 15]);
  return foul.classify(Array.from({ length: n }, (_, k) => crops[k % 15]));
};

console.log("model  batch  call p50 ms  call p95 ms  per frame p50 ms  per frame p95 ms");
for (
  const [name, run, batches] of [
    ["ball", ballRun, [1, 4, 8, 16]],
    ["pins", pinRun, [1, 5, 10]],
    ["foul", foulRun, [1, 15]],
  ] as const
) {
  for (const b of batches) {
    const l = await latency(run, b, 60);
    console.log(
      `${name.padEnd(5)}  ${String(b).padStart(5)}  ${fmt(l.p50, 2).padStart(11)}  ${
        fmt(l.p95, 2).padStart(11)
      }  ${fmt(l.p50 / b, 2).padStart(16)}  ${fmt(l.p95 / b, 2).padStart(16)}`,
    );
  }
}

/** Runs `n` lanes for SECONDS; returns drops and frame latency (arrival → answer). */
async function lanes(n: number) {
  const slot: (number | null)[] = new Array(n).fill(null); // arrival time of the waiting frame
  const pinJobs: number[] = [];
  let drops = 0, done = 0, running = true, rounds = 0;
  const waits: number[] = [];
  const batches: number[] = [];
  const start = performance.now();
  const ticker = (async () => {
    for (let k = 0; performance.now() - start < SECONDS * 1000; k++) {
      await sleep(Math.max(0, start + (k * 1000) / FPS - performance.now()));
      const now = performance.now();
      for (let l = 0; l < n; l++) {
        if (slot[l] !== null) drops++;
        slot[l] = now;
        if ((k + l * 37) % (FPS * 10) === 0) pinJobs.push(l);
      }
    }
    running = false;
  })();
  while (running) {
    const lanesNow: number[] = [];
    const arrived: number[] = [];
    for (let l = 0; l < n; l++) {
      if (slot[l] !== null) {
        lanesNow.push(l);
        arrived.push(slot[l]!);
        slot[l] = null;
      }
    }
    if (lanesNow.length === 0) {
      await sleep(1);
      continue;
    }
    await ball.detect(lanesNow.map((l) => ({ frame: frames[l % 16], region })));
    for (const l of lanesNow) {
      if ((rounds + l) % 2 === 0) foul.crop(frames[l % 16], foulWindow, crops[l % 15]);
    }
    rounds++;
    const jobs = pinJobs.splice(0);
    if (jobs.length) {
      await pins.classify(
        jobs.flatMap((l) => Array.from({ length: 5 }, () => ({ frame: frames[l % 16], spots }))),
      );
      await foul.classify(jobs.flatMap(() => crops));
    }
    const t = performance.now();
    for (const a of arrived) waits.push(t - a);
    batches.push(lanesNow.length);
    done += lanesNow.length;
  }
  await ticker;
  return {
    drops,
    done,
    p50: percentile(waits, 50),
    p95: percentile(waits, 95),
    batch: percentile(batches, 50),
  };
}

console.log(`\nlanes at ${FPS} fps, ${W}x${H}, ${SECONDS} s each`);
console.log("lanes  frames  drops  latency p50 ms  latency p95 ms  median batch");
let best = 0;
for (const n of LANES) {
  const r = await lanes(n);
  console.log(
    `${String(n).padStart(5)}  ${String(r.done).padStart(6)}  ${String(r.drops).padStart(5)}  ${
      fmt(r.p50).padStart(14)
    }  ${fmt(r.p95).padStart(14)}  ${String(r.batch).padStart(12)}`,
  );
  if (r.drops > 0) break;
  best = n;
}
console.log(`\nlargest lane count with no dropped frame: ${best} (provider ${ball.provider})`);
