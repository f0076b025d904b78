/**
 * `./lanecast eval --load [--lanes 1,2,3,4] [--shots 12] [--seeds 100-199] [--json]`:
 * how many lanes one sidecar on this machine watches with every accuracy goal
 * met. For each number of lanes N it runs the whole system as it runs in use
 * (server, SFU, one sidecar, the simulator with N live lanes on seeds from
 * the first of `--seeds`), scores the shots against the ground truth and
 * checks the goals (tools/eval_goals.ts). It stops at the first N that
 * misses one; the figure is the largest N before it. The machine's load
 * average is kept beside each step: other work on the machine lowers it.
 */
import { type EvalFigures, evalFigures } from "./eval_match.ts";
import { unmetGoals } from "./eval_goals.ts";
import { runEval } from "./eval_run.ts";

export interface LoadStep {
  lanes: number;
  seeds: string;
  figures: EvalFigures;
  unmet: string[];
  frames: { received: number; analysed: number; dropped: number; thinned: number };
  /** The machine's 1-minute load average before and after the step. */
  loadBefore: number;
  loadAfter: number;
  wallS: number;
}

export interface AiLanesPerSidecar {
  /** The most lanes with every goal met (0 when even one lane misses). */
  lanes: number;
  steps: LoadStep[];
  cores: number;
}

export interface MeasureOptions {
  /** Numbers of lanes to try, ascending (default 1, 2, 3, 4). */
  lanes?: number[];
  /** First seed (default 100, held out). */
  firstSeed?: number;
  /** Shots per lane (default 12: with 2 the arrows' error is noise). */
  shots?: number;
  models?: string;
  /** Go on after a step that misses a goal (to see the whole curve). */
  all?: boolean;
  verbose?: boolean;
  log?: (msg: string) => void;
}

export async function measureAiLanesPerSidecar(o: MeasureOptions = {}): Promise<AiLanesPerSidecar> {
  const counts = [...(o.lanes ?? [1, 2, 3, 4])].sort((a, b) => a - b);
  const first = o.firstSeed ?? 100;
  const shots = o.shots ?? 12;
  const steps: LoadStep[] = [];
  let best = 0;
  for (const n of counts) {
    const seeds = Array.from({ length: n }, (_, i) => first + i);
    o.log?.(`${n} lanes (seeds ${seeds[0]}-${seeds[n - 1]}, ${shots} shots each)`);
    const loadBefore = Deno.loadavg()[0];
    const started = Date.now();
    const run = await runEval({
      seeds,
      shots,
      models: o.models ?? "trained",
      verbose: o.verbose,
      log: o.log,
    });
    const figures = evalFigures(run.truths, run.shots);
    const unmet = unmetGoals(figures);
    steps.push({
      lanes: n,
      seeds: `${seeds[0]}-${seeds[n - 1]}`,
      figures,
      unmet,
      frames: run.frames,
      loadBefore,
      loadAfter: Deno.loadavg()[0],
      wallS: Math.round((Date.now() - started) / 1000),
    });
    o.log?.(`${n} lanes: ${unmet.length ? `missed ${unmet.join(", ")}` : "every goal met"}`);
    // The figure is the last N of an unbroken run of steps that met every goal.
    if (steps.every((s) => s.unmet.length === 0)) best = n;
    if (unmet.length && !o.all) break;
  }
  return { lanes: best, steps, cores: navigator.hardwareConcurrency };
}
