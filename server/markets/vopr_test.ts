/**
 * The VOPR in CI: a few seeds, a few hundred steps each, on PGlite and on
 * PostgreSQL, every invariant checked after every step. `VOPR_SEED` replays
 * one seed (a failure prints the command); `VOPR_STEPS` changes the length.
 * The long run is `./lanecast vopr --steps 5000 --runs 10 --db both`.
 */
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { runVopr } from "./vopr.ts";

const fixed = Deno.env.get("VOPR_SEED");
const steps = Number(Deno.env.get("VOPR_STEPS") ?? 300);
// Fixed seeds keep CI repeatable; one drawn per run widens the search over time (it prints itself).
const seeds = fixed ? [Number(fixed) >>> 0] : [1, 2, crypto.getRandomValues(new Uint32Array(1))[0]];

for (const db of TEST_DB_KINDS) {
  for (const seed of seeds) {
    Deno.test(`VOPR seed ${seed}: ${steps} steps of bettors, lanes, the AI, staff and crashes keep every invariant (${db})`, async () => {
      const result = await runVopr({ seed, steps, db });
      console.log(
        `vopr seed ${seed} on ${db}: ${result.bets} bets accepted; ${
          JSON.stringify(result.counts)
        }; ` +
          `markets ${JSON.stringify(result.markets)}`,
      );
    });
  }
}
