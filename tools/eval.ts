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
 *
 * `--load [--lanes 1,2,3,4] [--all]`: lanes per sidecar with every accuracy goal met, one
 * full system per number of lanes (tools/eval_load.ts); `--shots` defaults to 12 there
 * (with 2 shots per lane the arrows' error is noise).
 */
import { parseArgs } from "node:util";
import { evalFigures, type LaneShot, matchShots } from "./eval_match.ts";
import { parseSeeds } from "./eval_seeds.ts";
import { type LaneTruth, runEval } from "./eval_run.ts";
import { measureAiLanesPerSidecar } from "./eval_load.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seeds: { type: "string", default: "100-199" },
    /** Default 3, 12 with --load. */
    shots: { type: "string" },
    batch: { type: "string", default: "4" },
    json: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    models: { type: "string", default: "trained" },
    dump: { type: "string" },
    load: { type: "boolean", default: false },
    lanes: { type: "string", default: "1,2,3,4" },
    all: { type: "boolean", default: false },
  },
});
const seeds = parseSeeds(values.seeds!);
const shotsPerSeed = Math.max(1, Number(values.shots ?? (values.load ? 12 : 3)));
const batchSize = Math.max(1, Number(values.batch));
const log = (m: string) => !values.json || values.verbose ? console.error(`eval: ${m}`) : undefined;

if (values.load) {
  // Lanes per sidecar with every accuracy goal met (tools/eval_load.ts).
  const result = await measureAiLanesPerSidecar({
    lanes: values.lanes!.split(",").map(Number).filter((n) => n > 0),
    firstSeed: seeds[0],
    shots: shotsPerSeed,
    models: values.models,
    all: values.all,
    verbose: values.verbose,
    log,
  });
  if (values.json) console.log(JSON.stringify(result));
  else {
    for (const s of result.steps) {
      const f = s.figures;
      console.log(
        `${
          String(s.lanes).padStart(3)
        } lanes  pinStateExact ${f.pinStateExact}  autoSettled ${f.autoSettled}  arrows ${f.arrowsBoardMae}  speed ${f.speedMaeMph}  shots ${f.matched}/${f.shots} (+${f.extraShots})  dropped ${s.frames.dropped}/${s.frames.received} thinned ${s.frames.thinned}  load ${
          s.loadBefore.toFixed(2)
        }→${s.loadAfter.toFixed(2)}  ${
          s.unmet.length ? `MISSED ${s.unmet.join("; ")}` : "all goals met"
        }`,
      );
    }
    console.log(
      `AI lanes per sidecar (every accuracy goal met, ${result.cores} cores): ${result.lanes}`,
    );
  }
  Deno.exit(0);
}

const truths: LaneTruth[] = [];
const shots: LaneShot[] = [];
let received = 0, dropped = 0, analysed = 0;
const started = Date.now();

for (let b = 0; b < seeds.length; b += batchSize) {
  const batch = seeds.slice(b, b + batchSize);
  const n = batch.length;
  log(`seeds ${batch[0]}–${batch[n - 1]} (${n} lanes × ${shotsPerSeed} shots)`);
  const run = await runEval({
    seeds: batch,
    shots: shotsPerSeed,
    models: values.models!,
    verbose: values.verbose,
    log,
  });
  truths.push(...run.truths);
  shots.push(...run.shots);
  received += run.frames.received, dropped += run.frames.dropped;
  analysed += run.frames.analysed;
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
