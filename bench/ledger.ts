/**
 * `./lanecast deno run -A bench/ledger.ts`: how fast the ledger takes
 * transfers with N concurrent clients, each a transaction of one `hold`
 * (a bet's stake: the bettor's row locked `FOR UPDATE`, checked, written),
 * spread over many users and, for the worst case, all on one user; then the
 * set-based batches settlement uses (10,000 holds posted, 10,000 payouts).
 * Checks the ledger after each phase. Options: --seconds N (default 5),
 * --clients 1,4,16,32, --only pglite|postgres (default postgres).
 */
import { parseArgs } from "node:util";
import { createDb, type Sql } from "../server/db.ts";
import { checkLedger } from "../server/ledger/check.ts";
import { createLedger } from "../server/ledger/ledger.ts";
import { migrate } from "../server/migrate.ts";
import { startTestPostgres } from "../tools/postgres.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "5" },
    clients: { type: "string", default: "1,4,16,32" },
    only: { type: "string", default: "postgres" },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = args.clients!.split(",").map(Number);
const USERS = 2_000;
const BATCH = 10_000;
const ledger = createLedger({ currency: "USD" });

async function fund(sql: Sql, users: string[], amount: number) {
  for (let i = 0; i < users.length; i += 1000) {
    await ledger.transferMany(
      sql,
      users.slice(i, i + 1000).map((u) => ({
        id: `deposit:${u}:bench`,
        debit: { kind: "clearing", owner: "sandbox" },
        credit: { kind: "user", owner: u },
        amount,
        code: "deposit",
      })),
    );
  }
}

/** Transactions of one `select 1` from `clients` loops: the floor the machine and driver set. */
async function emptyTransactions(sql: Sql, clients: number) {
  let ok = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      await sql.begin((tx) => tx`select 1`);
      ok++;
    }
  }));
  return ok / ((performance.now() - start) / 1000);
}

/** Holds of 1 from `clients` loops for SECONDS; `pick` chooses each hold's user. */
async function holds(sql: Sql, clients: number, pick: () => string, tag: string) {
  const market = crypto.randomUUID();
  let ok = 0, failed = 0, n = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const i = n++;
      try {
        await sql.begin((tx) =>
          ledger.hold(tx, {
            id: `stake:${tag}:${i}`,
            debit: { kind: "user", owner: pick() },
            credit: { kind: "escrow", owner: market },
            amount: 1,
            code: "stake",
          })
        );
        ok++;
      } catch (err) {
        failed++;
        if (failed === 1) console.error(err);
      }
    }
  }));
  return { perSecond: ok / ((performance.now() - start) / 1000), ok, failed };
}

async function benchKind(kind: "pglite" | "postgres") {
  const pg = kind === "postgres" ? await startTestPostgres() : undefined;
  const db = await createDb({
    databaseUrl: pg?.url,
    dataDir: "memory://",
    maxConnections: Math.max(...CLIENTS),
  });
  try {
    const { sql } = db;
    await migrate(sql);
    const users = Array.from({ length: USERS }, () => crypto.randomUUID());
    await fund(sql, users, 1_000_000);
    const hot = users[0];
    for (const c of SECONDS > 0 ? CLIENTS : []) {
      const spread = await holds(sql, c, () => users[Math.floor(Math.random() * USERS)], `s${c}`);
      const one = await holds(sql, c, () => hot, `h${c}`);
      const empty = await emptyTransactions(sql, c);
      console.log(
        `${kind}: ${c} clients: ${spread.perSecond.toFixed(0)} holds/s over ${USERS} users, ` +
          `${one.perSecond.toFixed(0)} holds/s all on one user ` +
          `(empty transactions: ${empty.toFixed(0)}/s)` +
          (spread.failed + one.failed ? ` (${spread.failed + one.failed} failed)` : ""),
      );
    }
    // Settlement-shaped batches: 10,000 holds on one market, posted at once, then 10,000 payouts.
    const market = crypto.randomUUID();
    const escrow = { kind: "escrow" as const, owner: market };
    const bettors = Array.from({ length: BATCH }, (_, i) => users[i % USERS]);
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let i = next++; i < BATCH; i = next++) {
        await ledger.hold(sql, {
          id: `stake:batch:${i}`,
          debit: { kind: "user", owner: bettors[i] },
          credit: escrow,
          amount: 10,
          code: "stake",
        });
      }
    }));
    let t0 = performance.now();
    const posted = await ledger.postHolds(
      sql,
      bettors.map((_, i) => ({ holdId: `stake:batch:${i}`, id: `stake-post:batch:${i}` })),
    );
    const postMs = performance.now() - t0;
    t0 = performance.now();
    const paid = await ledger.transferMany(
      sql,
      bettors.map((u, i) => ({
        id: `payout:batch:${i}`,
        debit: escrow,
        credit: { kind: "user", owner: u },
        amount: 9,
        code: "payout",
      })),
    );
    const payMs = performance.now() - t0;
    console.log(
      `${kind}: postHolds of ${posted} holds ${postMs.toFixed(0)} ms, ` +
        `transferMany of ${paid} payouts ${payMs.toFixed(0)} ms`,
    );
    const check = await checkLedger(sql);
    console.log(`${kind}: checkLedger ok=${check.ok}`);
    if (!check.ok) console.log(JSON.stringify(check.violations.slice(0, 5)));
  } finally {
    await db.close();
    await pg?.stop();
  }
}

for (
  const kind of args.only === "pglite"
    ? ["pglite" as const]
    : args.only === "both"
    ? ["postgres" as const, "pglite" as const]
    : ["postgres" as const]
) {
  await benchKind(kind);
}
