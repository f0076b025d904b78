/**
 * Renders simulated lanes straight into the sidecar's analyzer (no SFU, no
 * VP8) and matches its live events to the ground truth: how long after each
 * true moment the frame that triggered the event was captured, per type, and
 * what was missed or extra. `deno run -A tools/eval_events_direct.ts --seeds
 * 200-201 --shots 4 [--list]`.
 */
import { parseArgs } from "node:util";
import type { LaneEvent } from "../core/lane_events.ts";
import { Analyzer } from "../inference/analyzer.ts";
import { loadModels } from "../inference/model_loader.ts";
import { withCaptureTimes } from "../sim/ground_truth.ts";
import { createLaneSim } from "../sim/render.ts";
import { type EventMatch, matchLaneEvents } from "../bench/event_match.ts";
import { fmt, percentile } from "../bench/stats.ts";
import { parseSeeds } from "./eval_seeds.ts";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "200-201" },
    shots: { type: "string", default: "4" },
    list: { type: "boolean", default: false },
  },
});
const fps = 30;
const t0 = 1_800_000_000_000;
let analyzer: Analyzer | undefined;
const models = await loadModels((id) => analyzer?.view(id));
const matches: EventMatch[] = [];
const extra: Record<string, number> = {};
for (const seed of parseSeeds(values.seeds!)) {
  const laneId = String(seed);
  const sim = createLaneSim({ seed, width: 640, height: 360, fps, lane: 1 });
  const events: LaneEvent[] = [];
  analyzer = new Analyzer(models, () => {}, (e) => events.push(e));
  analyzer.setLane(laneId, null);
  const shots = Number(values.shots);
  let frame = 0;
  // One shot more than asked, so the last one's rack-ready is seen.
  for (; sim.shotsUpTo(frame).length <= shots + 1; frame++) {
    const data = new Uint8Array(sim.frameSize);
    sim.renderFrame(frame, data);
    const captureTimeMs = t0 + (frame * 1000) / fps;
    await analyzer.process([{ laneId, width: 640, height: 360, data, captureTimeMs, seq: frame }]);
  }
  const truths = sim.shotsUpTo(frame).slice(0, shots).map((t) => withCaptureTimes(t, t0, fps));
  if (values.list) {
    for (const t of truths) {
      console.log(
        `seed ${seed} shot ${t.shot}: approach ${t.approachMs - t0} release ${t.releaseMs - t0} ` +
          `impact ${t.impactMs - t0} settled ${t.settledMs - t0} rack ${t.rackReadyMs! - t0}`,
      );
    }
    for (const e of events) console.log(`  ${e.type} ${e.captureTimeMs - t0} (${e.confidence})`);
  }
  const m = matchLaneEvents(truths, events, t0 + (frame * 1000) / fps);
  matches.push(...m.matches);
  for (const [k, v] of Object.entries(m.extra)) extra[k] = (extra[k] ?? 0) + v;
}
for (const type of ["approach", "release", "pinfall", "rack-ready"]) {
  const ms = matches.filter((m) => m.type === type);
  const d = ms.flatMap((m) => m.delayMs === null ? [] : [m.delayMs]);
  console.log(
    `${type.padEnd(10)} delay p50 ${fmt(percentile(d, 50), 0)} ms, p95 ${
      fmt(percentile(d, 95), 0)
    } ms, min ${fmt(Math.min(...d), 0)}, max ${fmt(Math.max(...d), 0)}; missed ${
      ms.length - d.length
    }/${ms.length}; extra ${extra[type] ?? 0}`,
  );
}
