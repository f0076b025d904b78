/**
 * `./lanecast eval --seeds 100-199 [--shots 3] [--batch 4] [--json] [--dump shots.jsonl]`:
 * measures the AI end to end. For each batch of seeds it starts a real
 * system (server, SFU, sidecar, simulator with one lane per seed, each going
 * off the air after `--shots` shots), so frames travel through WebRTC, the
 * SFU and VP8 as in production; then it matches the shots the sidecar stored
 * to the simulator's ground truth and prints the figures (one JSON object
 * with --json, else a table); --dump writes each true shot with the report
 * matched to it, then each report matched to none (truth null), one JSON
 * line each, for looking into the misses. Tune on
 * other seeds than the ones you report.
 */
import { parseArgs } from "node:util";
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import type { ShotReport } from "../core/shot_report.ts";
import { evalFigures, type LaneShot, matchShots } from "./eval_match.ts";
import { parseSeeds } from "./eval_seeds.ts";
import { startSystem } from "./system.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seeds: { type: "string", default: "100-199" },
    shots: { type: "string", default: "3" },
    batch: { type: "string", default: "4" },
    json: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    models: { type: "string", default: "trained" },
    dump: { type: "string" },
  },
});
const seeds = parseSeeds(values.seeds!);
const shotsPerSeed = Math.max(1, Number(values.shots));
const batchSize = Math.max(1, Number(values.batch));
const log = (m: string) => !values.json || values.verbose ? console.error(`eval: ${m}`) : undefined;

type Truth = TimedShotTruth & { laneId: string };
const truths: Truth[] = [];
const shots: LaneShot[] = [];
let received = 0, dropped = 0, analysed = 0;
const started = Date.now();

async function readTruth(dir: string, lane: number): Promise<TimedShotTruth[]> {
  try {
    const text = await Deno.readTextFile(`${dir}/ground_truth/lane-${lane}.jsonl`);
    return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

for (let b = 0; b < seeds.length; b += batchSize) {
  const batch = seeds.slice(b, b + batchSize);
  const n = batch.length;
  log(`seeds ${batch[0]}–${batch[n - 1]} (${n} lanes × ${shotsPerSeed} shots)`);
  const system = await startSystem({
    lanes: n,
    simLanes: n,
    processes: ["server", "sfu", "inference", "sim"],
    verbose: values.verbose,
    env: {
      SIM_SEEDS: batch.join(","),
      SIM_SHOTS: String(shotsPerSeed),
      INFERENCE_MODELS: values.models!,
    },
  });
  try {
    // Each shot takes ~10 s of video; allow for a slow machine.
    const deadline = Date.now() + 30_000 + shotsPerSeed * 25_000;
    let batchTruth: TimedShotTruth[][] = [];
    while (Date.now() < deadline) {
      batchTruth = await Promise.all(batch.map((_, i) => readTruth(system.dataDir, i + 1)));
      if (batchTruth.every((t) => t.length >= shotsPerSeed)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // The last pins settle, then the sidecar reads and posts them.
    const lanesShots = async () =>
      await Promise.all(
        batch.map(async (_, i) =>
          await (await fetch(`${system.url}/api/lanes/${i + 1}/shots?limit=100`))
            .json() as ShotReport[]
        ),
      );
    const drain = Date.now() + 8000;
    let stored = await lanesShots();
    while (Date.now() < drain && stored.some((s) => s.length < shotsPerSeed)) {
      await new Promise((r) => setTimeout(r, 500));
      stored = await lanesShots();
    }
    const status = await (await fetch(`${system.inferenceUrl}/status`)).json().catch(() => ({
      lanes: {},
    }));
    for (
      const s of Object.values(status.lanes ?? {}) as {
        received: number;
        dropped: number;
        analysed: number;
      }[]
    ) {
      received += s.received, dropped += s.dropped, analysed += s.analysed;
    }
    batch.forEach((_, i) => {
      const laneId = String(i + 1);
      for (const t of batchTruth[i].slice(0, shotsPerSeed)) {
        truths.push({ ...t, laneId: `${batch[i]}` });
      }
      for (const report of stored[i]) shots.push({ lane: `${batch[i]}`, report });
      log(
        `  seed ${batch[i]} (lane ${laneId}): ${batchTruth[i].length} true shots, ${
          stored[i].length
        } stored`,
      );
    });
  } finally {
    await system.stop();
  }
}

const figures = {
  ...evalFigures(truths, shots),
  seeds: `${seeds[0]}-${seeds[seeds.length - 1]}`,
  shotsPerSeed,
  batch: batchSize,
  frames: {
    received,
    analysed,
    dropped,
    dropRate: received ? Math.round((dropped / received) * 1e4) / 1e4 : 0,
  },
  wallS: Math.round((Date.now() - started) / 1000),
};

if (values.dump) {
  const { pairs, extra } = matchShots(truths, shots);
  const lines = [...pairs, ...extra.map((s) => ({ truth: null, lane: s.lane, report: s.report }))];
  await Deno.writeTextFile(values.dump, lines.map((p) => JSON.stringify(p) + "\n").join(""));
}
if (values.json) console.log(JSON.stringify(figures));
else {
  const rows: [string, unknown][] = Object.entries(figures).flatMap(([k, v]) =>
    v && typeof v === "object"
      ? Object.entries(v).map(([k2, v2]) =>
        [`${k}.${k2}`, typeof v2 === "object" ? JSON.stringify(v2) : v2] as [string, unknown]
      )
      : [[k, v] as [string, unknown]]
  );
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}
// libwebrtc in this process? none; exit cleanly.
Deno.exit(0);
