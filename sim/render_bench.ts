/**
 * Frame render time of the simulated lane at 640×360 and 1280×720.
 * Run: ./lanecast deno run -A sim/render_bench.ts [frames]
 * Prints ms/frame p50 and p95 over consecutive frames of several shots.
 */
import { createLaneSim } from "./render.ts";

const frames = Number(Deno.args[0] ?? 900);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

for (const [width, height] of [[640, 360], [1280, 720]]) {
  const t0 = performance.now();
  const sim = createLaneSim({ seed: 42, width, height });
  const setupMs = performance.now() - t0;
  const out = new Uint8Array(sim.frameSize);
  for (let i = 0; i < 60; i++) sim.renderFrame(i, out); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    const s = performance.now();
    sim.renderFrame(60 + i, out);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${width}x${height}: p50 ${percentile(times, 0.5).toFixed(2)} ms/frame, ` +
      `p95 ${percentile(times, 0.95).toFixed(2)} ms/frame, max ${times[times.length - 1].toFixed(2)} ms ` +
      `(${frames} frames, setup ${setupMs.toFixed(0)} ms)`,
  );
}
