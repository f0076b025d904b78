/**
 * `deno task bench:api`: logins per second (dominated by the password KDF)
 * and authenticated reads per second, against a real server process over
 * HTTP, once on embedded PGlite and once on PostgreSQL.
 *
 * The load comes from this process (fetch, fixed concurrency) while the
 * server runs in its own; both share the machine's cores, which is stated
 * with the figures. Options: --seconds N (default 10), --only pglite|postgres.
 */
import { hash } from "@node-rs/argon2";
import { parseArgs } from "node:util";
import { KDF_NAME, KDF_PARAMS } from "../server/users/password.ts";
import { startTestPostgres } from "../tools/postgres.ts";
import { startSystem } from "../tools/system.ts";
import { fmt, percentile, processCpuSeconds } from "./stats.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: { seconds: { type: "string", default: "10" }, only: { type: "string" } },
});
const SECONDS = Number(args.seconds);
const LOGIN_CONCURRENCY = 4;
const READ_CONCURRENCY = 32;
const ADMIN = { email: "bench-admin@lanecast.test", password: "bench-password-0123" };

interface Phase {
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  serverCpu: number;
}

/** Runs `request` from `concurrency` loops for the given time; counts and times the answers. */
async function load(
  concurrency: number,
  seconds: number,
  pid: number,
  request: () => Promise<Response>,
): Promise<Phase> {
  const times: number[] = [];
  let ok = 0, failed = 0;
  const cpu0 = processCpuSeconds(pid);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const r = await request();
      await r.body?.cancel();
      times.push(performance.now() - t0);
      if (r.ok) ok++;
      else failed++;
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  return {
    ok,
    failed,
    perSecond: ok / elapsed,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    serverCpu: (processCpuSeconds(pid) - cpu0) / elapsed,
  };
}

async function benchKind(kind: "pglite" | "postgres") {
  const pg = kind === "postgres" ? await startTestPostgres() : undefined;
  const system = await startSystem({
    processes: ["server"],
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    },
  });
  try {
    const pid = system.pids().server;
    const login = () =>
      fetch(`${system.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ADMIN),
      });
    const first = await login();
    if (!first.ok) throw new Error(`Login failed: ${first.status} ${await first.text()}`);
    const { accessToken } = await first.json();
    // Warm up both paths.
    await load(4, 1, pid, login);
    const me = () =>
      fetch(`${system.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    await load(8, 1, pid, me);
    const logins = await load(LOGIN_CONCURRENCY, SECONDS, pid, login);
    const reads = await load(READ_CONCURRENCY, SECONDS, pid, me);
    return { kind, logins, reads };
  } finally {
    await system.stop();
    await pg?.stop();
  }
}

const t0 = performance.now();
const N = 20;
for (let i = 0; i < N; i++) await hash(`password-${i}`, KDF_PARAMS);
const hashMs = (performance.now() - t0) / N;

console.log(`Password KDF: ${KDF_NAME} → ${fmt(hashMs)} ms per hash (one core, in-process)`);
console.log(
  `Load: ${LOGIN_CONCURRENCY} concurrent logins / ${READ_CONCURRENCY} concurrent reads for ${SECONDS} s each, client and server on the same ${navigator.hardwareConcurrency}-core machine\n`,
);
console.log(
  "database  | logins/s | login p50/p95 ms | server CPU | reads/s (GET /api/me) | read p50/p95 ms | server CPU",
);
console.log(
  "----------|----------|------------------|------------|-----------------------|-----------------|-----------",
);
const kinds = args.only ? [args.only as "pglite" | "postgres"] : ["pglite", "postgres"] as const;
for (const kind of kinds) {
  const { logins: l, reads: r } = await benchKind(kind);
  console.log(
    `${kind.padEnd(9)} | ${fmt(l.perSecond).padStart(8)} | ${
      `${fmt(l.p50)} / ${fmt(l.p95)}`.padStart(16)
    } | ${`${fmt(l.serverCpu * 100, 0)} %`.padStart(10)} | ${fmt(r.perSecond, 0).padStart(21)} | ${
      `${fmt(r.p50)} / ${fmt(r.p95)}`.padStart(15)
    } | ${`${fmt(r.serverCpu * 100, 0)} %`.padStart(9)}` +
      (l.failed || r.failed ? `  (failed: ${l.failed} logins, ${r.failed} reads)` : ""),
  );
}
