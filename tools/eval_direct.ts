/**
 * Renders simulated lanes straight into the sidecar's analyzer (no SFU, no
 * VP8), for quick checks of the shot logic: `deno run -A tools/eval_direct.ts
 * --seeds 200-203 --shots 6`.
 */
import { parseArgs } from "node:util";
import { createLaneSim } from "../sim/render.ts";
import { withCaptureTimes } from "../sim/ground_truth.ts";
import { Analyzer } from "../inference/analyzer.ts";
import { loadModels } from "../inference/model_loader.ts";
import { evalFigures, type LaneShot } from "./eval_match.ts";
import { parseSeeds } from "./eval_seeds.ts";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "200-201" },
    shots: { type: "string", default: "6" },
  },
});
const seeds = parseSeeds(values.seeds!);
const shotsPerSeed = Number(values.shots);
const fps = 30;
let analyzer: Analyzer | undefined;
const models = await loadModels((id) => analyzer?.view(id));
const shots: LaneShot[] = [];
const truths = [];
for (const seed of seeds) {
  const laneId = String(seed);
  const sim = createLaneSim({ seed, width: 640, height: 360, fps, lane: 1 });
  analyzer = new Analyzer(models, (lane, report) => shots.push({ lane, report }));
  analyzer.setLane(laneId, null);
  const a = analyzer;
  const t0 = 1_800_000_000_000;
  let frame = 0;
  for (; sim.shotsUpTo(frame).length <= shotsPerSeed; frame++) {
    const data = new Uint8Array(sim.frameSize);
    sim.renderFrame(frame, data);
    const captureTimeMs = t0 + (frame * 1000) / fps;
    await a.process([{ laneId, width: 640, height: 360, data, captureTimeMs, seq: frame }]);
  }
  for (const t of sim.shotsUpTo(frame).slice(0, shotsPerSeed)) {
    truths.push({ ...withCaptureTimes(t, t0, fps), laneId });
  }
}
console.log(JSON.stringify(evalFigures(truths, shots), null, 1));
