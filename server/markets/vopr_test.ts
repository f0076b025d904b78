/**
 * The VOPR in CI: every invariant checked after every step of a seeded
 * simulation (server/markets/vopr.ts), on PGlite and on PostgreSQL — a fixed
 * seed on each, and on PostgreSQL one more drawn afresh each run (it prints
 * itself; a failure prints the command that replays it). `VOPR_SEED` replays
 * one seed on both; `VOPR_STEPS` changes the length (default 300, a few
 * minutes on a 2-core machine). The long run is a command:
 * `./lanecast vopr --steps 5000 --runs 10 --db both`.
 */
import { runVopr } from "./vopr.ts";
import type { DbKind } from "../db.ts";

const fixed = Deno.env.get("VOPR_SEED");
const steps = Number(Deno.env.get("VOPR_STEPS") ?? 300);
const drawn = crypto.getRandomValues(new Uint32Array(1))[0];
const plan: [DbKind, number][] = fixed
  ? [["pglite", Number(fixed) >>> 0], ["postgres", Number(fixed) >>> 0]]
  : [["pglite", 1], ["postgres", 2], ["postgres", drawn]];

for (const [db, seed] of plan) {
  Deno.test(`VOPR seed ${seed}: ${steps} steps of bets, lane events, shots, staff and crashes keep every invariant (${db})`, async () => {
    const r = await runVopr({ seed, steps, db });
    console.log(
      `vopr seed ${seed} on ${db}: ${r.bets} bets accepted; operations ${
        JSON.stringify(r.counts)
      }; ` +
        `markets ${JSON.stringify(r.markets)}; crashes ${JSON.stringify(r.crashes)}; stand-ins ${
          JSON.stringify(r.standIns)
        }; ` +
        `postgres.js errors after dropped connections ${r.droppedConnectionErrors}`,
    );
  });
}
