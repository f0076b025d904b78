/**
 * One run of the end-to-end evaluation: a real system (server, SFU, sidecar,
 * then — once the sidecar watches every lane — the simulator with one lane
 * per seed, each going off the air after `shots` shots), so frames travel through WebRTC, the SFU and VP8 as in production;
 * then the shots the sidecar stored, the simulator's ground truth and the
 * sidecar's frame counts. Used by `./lanecast eval` (batches of seeds) and
 * `./lanecast eval --load` (one run per number of lanes).
 */
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import type { ShotReport } from "../core/shot_report.ts";
import type { LaneShot } from "./eval_match.ts";
import { startSystem, waitFor } from "./system.ts";

export type LaneTruth = TimedShotTruth & { laneId: string };

export interface EvalRunOptions {
  seeds: number[];
  shots: number;
  models: string;
  verbose?: boolean;
  /** More environment for the processes (e.g. INFERENCE_MAX_LANES). */
  env?: Record<string, string>;
  log?: (msg: string) => void;
}

export interface EvalRun {
  truths: LaneTruth[];
  shots: LaneShot[];
  frames: { received: number; analysed: number; dropped: number; thinned: number };
}

async function readTruth(dir: string, lane: number): Promise<TimedShotTruth[]> {
  try {
    const text = await Deno.readTextFile(`${dir}/ground_truth/lane-${lane}.jsonl`);
    return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

export async function runEval(o: EvalRunOptions): Promise<EvalRun> {
  const { seeds, shots: shotsPerSeed } = o;
  const n = seeds.length;
  const system = await startSystem({
    lanes: n,
    simLanes: n,
    processes: ["server", "sfu", "inference"],
    verbose: o.verbose,
    env: {
      SIM_SEEDS: seeds.join(","),
      SIM_SHOTS: String(shotsPerSeed),
      INFERENCE_MODELS: o.models,
      // The sidecar takes every lane of the run (its default limit is measured, not assumed).
      INFERENCE_MAX_LANES: String(n),
      ...o.env,
    },
  });
  let sim: Deno.ChildProcess | undefined;
  const out: EvalRun = {
    truths: [],
    shots: [],
    frames: { received: 0, analysed: 0, dropped: 0, thinned: 0 },
  };
  try {
    // The first ball only once the sidecar watches every lane: a sidecar still loading its
    // models on a busy machine would otherwise miss shots that say nothing of its accuracy.
    await waitFor(
      async () => {
        const res = await fetch(`${system.inferenceUrl}/status`).catch(() => null);
        const held = res?.ok ? ((await res.json()).held ?? []) : (await res?.body?.cancel(), []);
        return held.length >= n;
      },
      300_000,
      "the sidecar to lease every lane",
    );
    sim = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "sim/main.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      env: {
        ...Deno.env.toObject(),
        SERVER_URL: system.url,
        CAMERA_KEY: system.cameraKey,
        DATA_DIR: system.dataDir,
        SIM_SEEDS: seeds.join(","),
        SIM_SHOTS: String(shotsPerSeed),
        ...o.env,
      },
      stdin: "null",
      stdout: o.verbose ? "inherit" : "null",
      stderr: o.verbose ? "inherit" : "null",
    }).spawn();
    // Each shot takes ~10 s of video; allow for a slow machine.
    const deadline = Date.now() + 30_000 + shotsPerSeed * 25_000;
    let truth: TimedShotTruth[][] = [];
    while (Date.now() < deadline) {
      truth = await Promise.all(seeds.map((_, i) => readTruth(system.dataDir, i + 1)));
      if (truth.every((t) => t.length >= shotsPerSeed)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // The last pins settle, then the sidecar reads and posts them.
    const lanesShots = async () =>
      await Promise.all(
        seeds.map(async (_, i) =>
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
    for (const s of Object.values(status.lanes ?? {}) as Partial<EvalRun["frames"]>[]) {
      for (const k of ["received", "analysed", "dropped", "thinned"] as const) {
        out.frames[k] += s[k] ?? 0;
      }
    }
    seeds.forEach((seed, i) => {
      for (const t of truth[i].slice(0, shotsPerSeed)) out.truths.push({ ...t, laneId: `${seed}` });
      for (const report of stored[i]) out.shots.push({ lane: `${seed}`, report });
      o.log?.(
        `  seed ${seed} (lane ${i + 1}): ${truth[i].length} true shots, ${stored[i].length} stored`,
      );
    });
  } finally {
    try {
      sim?.kill("SIGTERM");
    } catch { /* gone */ }
    await sim?.status;
    await system.stop();
  }
  return out;
}
