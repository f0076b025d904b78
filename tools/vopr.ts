/**
 * The VOPR's long run: `./lanecast vopr [--seed N] [--steps N] [--db pglite|postgres|both] [--runs N]`.
 * Each run prints its seed first; a failing run prints what broke, the last
 * operations and the command that replays it, and the command exits 1.
 * Without `--seed` each run draws a new one (or takes VOPR_SEED).
 */
import { parseArgs } from "node:util";
import { PROFILE, runVopr, seedFromEnv, VoprFailure } from "../server/markets/vopr.ts";
import type { DbKind } from "../server/db.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string" },
    steps: { type: "string", default: "2000" },
    db: { type: "string", default: "pglite" },
    runs: { type: "string", default: "1" },
    delay: { type: "string", default: "0" },
    verbose: { type: "boolean", default: false },
    "stale-events": { type: "boolean", default: false },
    "drop-connections": { type: "boolean", default: false },
  },
});
const kinds: DbKind[] = args.db === "both" ? ["pglite", "postgres"] : [args.db as DbKind];
if (!kinds.every((k) => k === "pglite" || k === "postgres")) {
  console.error(`--db must be pglite, postgres or both, not "${args.db}"`);
  Deno.exit(2);
}
const steps = Number(args.steps);
const runs = Number(args.runs);
let failed = false;
for (let r = 0; r < runs; r++) {
  const seed = args.seed !== undefined
    ? Number(args.seed) >>> 0
    : r === 0
    ? seedFromEnv()
    : seedFromEnv() ^ r;
  for (const db of kinds) {
    console.log(`vopr: seed ${seed}, ${steps} steps on ${db}`);
    const started = performance.now();
    try {
      const result = await runVopr({
        seed,
        steps,
        db,
        env: { BET_ACCEPT_DELAY_MS: args.delay },
        staleEvents: args["stale-events"],
        dropConnections: args["drop-connections"],
        log: args.verbose ? (line) => console.log(line) : undefined,
      });
      const s = ((performance.now() - started) / 1000).toFixed(1);
      if (args.verbose) console.log(JSON.stringify(PROFILE));
      console.log(
        `vopr: seed ${seed} on ${db} passed in ${s} s: ${result.bets} bets accepted; ` +
          `operations ${JSON.stringify(result.counts)}; markets ${
            JSON.stringify(result.markets)
          }; ` +
          `crashes ${JSON.stringify(result.crashes)}; stand-ins ${
            JSON.stringify(result.standIns)
          }; ` +
          `postgres.js errors after dropped connections ${result.droppedConnectionErrors}`,
      );
    } catch (err) {
      failed = true;
      console.error(err instanceof VoprFailure ? err.message : err);
      if (args.seed !== undefined) break;
    }
  }
}
Deno.exit(failed ? 1 : 0);
