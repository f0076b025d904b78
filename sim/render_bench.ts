/**
 * Frame render time of the simulated lane at 640×360 and 1280×720.
 * Run: ./lanecast deno run -A sim/render_bench.ts [frames]
 * Prints ms/frame p50 and p95 over consecutive frames of several shots, as
 * wall time and as this process's CPU time (which other load on the machine
 * does not inflate).
 */
import process from "node:process";
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
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < frames; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    sim.renderFrame(60 + i, out);
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const p = (v: number[], q: number) => percentile(v, q).toFixed(2);
  console.log(
    `${width}x${height}: wall p50 ${p(wall, 0.5)} ms/frame, p95 ${p(wall, 0.95)} ms/frame | ` +
      `cpu p50 ${p(cpu, 0.5)} ms, p95 ${p(cpu, 0.95)} ms (${frames} frames, setup ${
        setupMs.toFixed(0)
      } ms)`,
  );
}
