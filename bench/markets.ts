/**
 * `./lanecast bench markets [--seconds 10] [--bets 10000] [--reps 5] [--bettors 64]
 * [--concurrency 32] [--only postgres|pglite] [--json] [--verbose] [--profile FILE]
 * [--client wrk|raw|fetch]`: the betting
 * path as users meet it, against a real server process over HTTP, once on
 * PostgreSQL and once on embedded PGlite.
 *
 * 1. Bets accepted per second: `--bettors` accounts sign up, become bettors and
 *    take sandbox money; `--concurrency` clients POST `/api/bets` on the open
 *    markets of a ball for `--seconds`, counting 201s; then
 *    `GET /api/admin/ledger/check` must answer ok (every invariant held).
 * 2. Settle latency: a strike market of one ball takes `--bets` bets; then the
 *    sidecar's `approach`, `release` and `pinfall` live events and its shot
 *    report go in as `inference/` sends them, spaced as a real ball (2 s
 *    from approach to release, 2.5 s from release to pinfall), and the time from sending
 *    `pinfall` to the last of those bets seen paid on its bettor's live feed
 *    (every bettor holds a live ticket, so every bet's `bet` event is
 *    watched) is one sample; each bettor's open bets are then checked empty.
 *    Repeated `--reps` times on the next balls for the p95.
 *
 * The throughput's bets go over kept-alive HTTP/1.1 connections, one per
 * client, one request at a time as a browser's connection carries them:
 * written by hand from this process (`--client raw`, the default:
 * bench/http1.ts), through `fetch` (`--client fetch`, more CPU per bet), or
 * from Debian's `wrk` (`--client wrk`: bench/wrk.ts, a C load generator;
 * `./lanecast bench` installs it), whose CPU counts in `cpuMsPerBet.client`
 * beside this process's (its live feeds). The settle samples' bets always go
 * from this process.
 *
 * With `--profile FILE` the server runs under the inspector and a CPU profile
 * of the throughput phase is written to `FILE-<kind>.cpuprofile` with a text
 * summary beside it (`.txt`); its CPU figures are then inflated by the sampling.
 *
 * Human lines go to stdout; with `--json` the last line is one JSON object
 * `{ "postgres": { "betsPerSecond", "settleP95Ms", … }, "pglite": { … } }`.
 * Whatever step fails is named in that kind's `error` and the rest still runs.
 */
import { parseArgs } from "node:util";
import type { Bet, Market } from "../core/markets.ts";
import { startTestPostgres } from "../tools/postgres.ts";
import { freePort, startSystem, waitFor } from "../tools/system.ts";
import { startCpuProfile, summarizeProfile } from "./cpu_profile.ts";
import {
  benchShot,
  type Caller,
  createMarketClient,
  HttpProblem,
  type MarketClient,
} from "./market_client.ts";
import { openSse } from "./sse.ts";
import { haveWrk, wrkBets } from "./wrk.ts";
import {
  fmt,
  percentile,
  postmasterPid,
  processCpuSeconds,
  processTreeCpuSeconds,
} from "./stats.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "10" },
    bets: { type: "string", default: "10000" },
    reps: { type: "string", default: "5" },
    bettors: { type: "string", default: "64" },
    concurrency: { type: "string", default: "32" },
    only: { type: "string" },
    json: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    profile: { type: "string" },
    client: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const BETS = Number(values.bets);
const REPS = Math.min(10, Math.max(1, Number(values.reps)));
const BETTORS = Math.max(1, Number(values.bettors));
const CONCURRENCY = Math.max(1, Number(values.concurrency));
/** The lean Deno client unless asked; wrk only where it is installed (`./lanecast bench` installs it). */
const CLIENT = values.client ?? "raw";
if (CLIENT === "wrk" && !(await haveWrk())) throw new Error("--client wrk: wrk is not installed");
if (!["wrk", "raw", "fetch"].includes(CLIENT)) {
  throw new Error(`--client ${CLIENT}: wrk, raw or fetch`);
}
const ADMIN = { email: "bench-admin@lanecast.test", password: "bench-password-0123" };
const LANE = "1";
const STAKE = 10;
/** Each bettor's sandbox money: deposits × amount (the deposit limit is per deposit). */
const DEPOSITS = 5;
const DEPOSIT = 100_000;
const WAIT_MS = 60_000;
type Kind = "postgres" | "pglite";

const log = (m: string) => console.error(`bench markets: ${m}`);

interface KindFigures {
  betsPerSecond: number | null;
  settleP95Ms: number | null;
  settleP50Ms: number | null;
  settleMaxMs: number | null;
  settleSamplesMs: number[];
  /** Pinfall → the market seen determined (every bet paid in the database), polled every ~100 ms. */
  paidSamplesMs: number[];
  paidP95Ms: number | null;
  /** Bets in each settle sample's market. */
  betsPerMarket: number;
  /** Bets per second while a settle sample's market filled (same clients). */
  fillBetsPerSecond: number | null;
  accepted: number;
  refused: Record<string, number>;
  invariantsHeld: boolean | null;
  violations: unknown[];
  /** Bets left open after settlement, summed over the samples (0 expected). */
  unsettled: number;
  /** Whether settlement was timed to the bettors' live `bet` events (else to the market's state). */
  pushed: boolean;
  serverCpu: number | null;
  /** Cores the bench's own clients used while placing bets (they share the machine). */
  clientCpu: number | null;
  /** Which client sent the throughput's bets: wrk, raw or fetch. */
  client: string;
  /** The bets' answer times at the client (wrk only). */
  latencyMs: { p50: number; p99: number } | null;
  /**
   * CPU milliseconds (user + system, from /proc) per accepted bet while bets
   * were placed for the throughput: the server process, every PostgreSQL
   * process (the postmaster and its backends; null on PGlite, which runs in
   * the server), and the bench's own process (its clients and live feeds).
   * Nearly independent of what else runs on the machine, unlike bets/s.
   */
  cpuMsPerBet: CpuMs | null;
  /**
   * The same less what each process used while idle (its rate over
   * `IDLE_MS` with every live feed open, just before the bets), times the
   * load's length: the marginal cost of a bet, which a busy machine's
   * low bet rate does not inflate as it does the plain figure.
   */
  cpuMsPerBetOverIdle: CpuMs | null;
  bettors: number;
  concurrency: number;
  seconds: number;
  error?: string;
}

/** Every bettor's live feed: when each bet was seen settled (won/lost/void), by market. */
const BET_EVENTS = new Set(["bet", "bets"]);

class BetWatch {
  readonly settled = new Map<string, Map<string, number>>();
  readonly #streams = new AbortController();

  /** False when the server has no live tickets: settlement is then seen in the market's state. */
  pushes = true;

  async open(c: MarketClient, bettors: Caller[]): Promise<void> {
    const tickets = await Promise.all(bettors.map((b) =>
      c.ticket(b).catch((err) => {
        if (err instanceof HttpProblem && err.status === 404) return null;
        throw err;
      })
    ));
    if (tickets.includes(null)) {
      this.pushes = false;
      log("no live tickets (POST /api/live/tickets): settlement timed to the market's state");
      return;
    }
    await Promise.all(tickets.map(async (ticket) => {
      await openSse(c.liveUrl(LANE, ticket!), this.#streams.signal, (type, data) => {
        const now = performance.now();
        for (const bet of type === "bet" ? [data as Bet] : data as Bet[]) {
          if (bet.state === "open") continue;
          let m = this.settled.get(bet.marketId);
          if (!m) this.settled.set(bet.marketId, m = new Map());
          if (!m.has(bet.id)) m.set(bet.id, now);
        }
      }, {}, BET_EVENTS);
    }));
  }

  /** When every one of `want` bets of the market was seen settled (performance clock). */
  /**
   * When every one of `want` bets of the market was seen settled, and when the
   * market was first seen determined (paid in the database), performance clock.
   */
  async settledAll(
    c: MarketClient,
    marketId: string,
    want: number,
  ): Promise<{ pushedAt: number | null; paidAt: number }> {
    const paid = until(
      "the market to be determined",
      () => c.market(marketId),
      (m) => m.state !== "open" && m.state !== "suspended",
    ).then(() => performance.now());
    if (!this.pushes) return { pushedAt: null, paidAt: await paid };
    await until(
      `${want} bets paid and pushed`,
      () => Promise.resolve(this.count(marketId)),
      (n) => n >= want,
    );
    return { pushedAt: this.last(marketId), paidAt: await paid };
  }

  count(marketId: string): number {
    return this.settled.get(marketId)?.size ?? 0;
  }

  last(marketId: string): number {
    return Math.max(...(this.settled.get(marketId)?.values() ?? []));
  }

  close() {
    this.#streams.abort();
  }
}

/** Runs `fn` for 0…n−1, `width` at a time. */
async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, n) }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  await waitFor(async () => ok(last = await get()), WAIT_MS, what);
  return last as T;
}

/** The lane's next ball: a full rack stands; its open markets once the engine has opened them. */
async function openBall(c: MarketClient, admin: Caller): Promise<Market[]> {
  const sheet = await c.sheet(LANE);
  if (!sheet || sheet.complete) {
    if (sheet) {
      await c.call("close session", "POST", `/sessions/${sheet.id}/close`, { token: admin.token });
    }
    await c.openSession(admin, LANE, ["Bench"]);
  }
  await c.event(LANE, "rack-ready", { standing: 1023 });
  const open = await until(
    "the ball's markets to open",
    () => c.markets(LANE),
    (ms) => ms.some((m) => m.kind === "strike" && m.state === "open"),
  );
  return open.filter((m) => m.state === "open");
}

/**
 * A ball's timeline at its quickest in the simulator (sim/shot_plan.ts): the
 * release comes 2.0–2.6 s after the approach starts, and the pins settle
 * about 3.5 s after the release (2.3 s down 60 ft at 17 mph, then at least
 * 1.2 s of falling pins). The bench keeps 2.0 s and 2.5 s.
 */
const APPROACH_TO_RELEASE_MS = 2_000;
const RELEASE_TO_PINFALL_MS = 2_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * The ball is bowled as a lane bowls it: approach (markets suspend), release
 * 2 s later, then pinfall 2.5 s after that and the shot report (a strike).
 * Returns when `pinfall` was sent (performance clock).
 */
async function bowl(c: MarketClient, market: Market, shotId: string): Promise<number> {
  const approachAt = performance.now();
  await c.event(LANE, "approach");
  await until(
    "the market to suspend",
    () => c.markets(LANE),
    (ms) => ms.find((m) => m.id === market.id)?.state !== "open",
  );
  await sleep(approachAt + APPROACH_TO_RELEASE_MS - performance.now());
  const release = await c.event(LANE, "release");
  await sleep(RELEASE_TO_PINFALL_MS);
  const t0 = performance.now();
  const pinfall = await c.event(LANE, "pinfall");
  await c.shot(LANE, benchShot(shotId, release, pinfall, 0));
  return t0;
}

/** The throughput's bets sent by wrk (bench/wrk.ts) for `SECONDS`. */
async function wrkLoad(
  url: string,
  bettors: Caller[],
  markets: Market[],
  tag: string,
): Promise<Load> {
  const r = await wrkBets({
    url,
    seconds: SECONDS,
    connections: CONCURRENCY,
    bettors,
    markets: markets.map((m) => ({
      id: m.id,
      version: m.version,
      outcomes: m.outcomes.map((o) => o.key),
    })),
    stake: STAKE,
    tag: tag.replace(/[^A-Za-z0-9_-]/g, "-"),
  });
  const { "201": _, ...refused } = r.statuses;
  return {
    accepted: r.accepted,
    refused,
    perSecond: r.perSecond,
    byMarket: r.byMarket,
    generatorCpuSeconds: r.cpuSeconds,
    latencyMs: { p50: r.latencyP50Ms, p99: r.latencyP99Ms },
  };
}

interface Load {
  accepted: number;
  refused: Record<string, number>;
  perSecond: number;
  byMarket: Map<string, number>;
  /** CPU seconds of a load generator outside this process (wrk). */
  generatorCpuSeconds?: number;
  /** Bet answer latency seen by the generator (wrk). */
  latencyMs?: { p50: number; p99: number };
}

/** `CONCURRENCY` clients placing bets (each its own bettor) until `stop()` says so. */
async function placeBets(
  c: MarketClient,
  bettors: Caller[],
  markets: Market[],
  tag: string,
  stop: (placed: number, started: number) => boolean,
): Promise<Load> {
  const refused: Record<string, number> = {};
  const byMarket = new Map<string, number>();
  let accepted = 0, placed = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, client) => {
    const line = c.betLine(CLIENT === "fetch" ? "fetch" : "raw");
    for (let k = 0; !stop(placed, start); k++) {
      placed++;
      const m = markets[(client + k) % markets.length];
      const outcomes = m.outcomes.map((o) => o.key);
      // A third on the first outcome (a strike's "yes"), the rest on the second.
      const outcome = outcomes[(client + k) % 3 === 0 ? 0 : 1];
      const who = bettors[(client + k * CONCURRENCY) % bettors.length];
      const r = await line.placeBet(who, m, outcome, STAKE, `bench-${tag}-${client}-${k}`);
      if (r.status === 201) {
        accepted++;
        byMarket.set(m.id, (byMarket.get(m.id) ?? 0) + 1);
      } else {
        const key = `${r.status} ${r.code ?? ""}`.trim();
        refused[key] = (refused[key] ?? 0) + 1;
        if (r.status >= 500 || r.status === 404) placed = Infinity; // the route is missing or broken
      }
    }
    line.close();
  }));
  return {
    accepted,
    refused,
    perSecond: accepted / ((performance.now() - start) / 1000),
    byMarket,
  };
}

interface CpuMs {
  server: number;
  postgres: number | null;
  client: number;
  total: number;
}

/** Idle time measured before the bets, for the marginal CPU per bet. */
const IDLE_MS = 3_000;

/** CPU seconds spent over `bets` accepted bets → ms per bet (two decimals). */
function cpuPerBet(
  server: number,
  postgres: number | null,
  client: number,
  bets: number,
): KindFigures["cpuMsPerBet"] {
  if (!bets) return null;
  const ms = (s: number) => Math.round((s * 1000 / bets) * 100) / 100;
  return {
    server: ms(server),
    postgres: postgres === null ? null : ms(postgres),
    client: ms(client),
    total: ms(server + (postgres ?? 0) + client),
  };
}

async function unsettled(c: MarketClient, bettors: Caller[]): Promise<number> {
  const open = await pool(bettors.length, 8, (i) => c.openBets(bettors[i]));
  return open.reduce((a, b) => a + b, 0);
}

async function benchKind(kind: Kind): Promise<KindFigures> {
  const f: KindFigures = {
    betsPerSecond: null,
    settleP95Ms: null,
    settleP50Ms: null,
    settleMaxMs: null,
    settleSamplesMs: [],
    paidSamplesMs: [],
    paidP95Ms: null,
    betsPerMarket: BETS,
    fillBetsPerSecond: null,
    accepted: 0,
    refused: {},
    invariantsHeld: null,
    violations: [],
    unsettled: 0,
    pushed: false,
    serverCpu: null,
    clientCpu: null,
    client: CLIENT,
    latencyMs: null,
    cpuMsPerBet: null,
    cpuMsPerBetOverIdle: null,
    bettors: BETTORS,
    concurrency: CONCURRENCY,
    seconds: SECONDS,
  };
  const pg = kind === "postgres" ? await startTestPostgres() : undefined;
  const inspect = values.profile ? `127.0.0.1:${freePort()}` : undefined;
  const system = await startSystem({
    processes: ["server"],
    lanes: 1,
    simLanes: 0,
    verbose: values.verbose,
    denoFlags: inspect ? { server: [`--inspect=${inspect}`] } : {},
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // Bettors sign up from addresses of their own (sign-ups are throttled per address).
      TRUST_PROXY: "true",
      OUTBOX_POLL_MS: "1000",
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    },
  });
  const watch = new BetWatch();
  let step = "log in";
  try {
    const c = createMarketClient(system.url, system.inferenceKey);
    const admin = await c.login(ADMIN.email, ADMIN.password);
    step = "make bettors";
    const bettors = await pool(BETTORS, 4, (i) => c.bettor(i, kind, DEPOSITS, DEPOSIT, admin));
    log(`${kind}: ${bettors.length} bettors with ${fmt((DEPOSITS * DEPOSIT) / 100, 0)} each`);
    step = "open the first ball's markets";
    let markets = await openBall(c, admin);
    step = "watch the bettors' live feeds";
    await watch.open(c, bettors);
    f.pushed = watch.pushes;

    step = "place bets for the throughput";
    const pid = system.pids().server;
    const postmaster = pg ? postmasterPid(Number(new URL(pg.url).port)) : null;
    const dbCpu = () => postmaster ? processTreeCpuSeconds(postmaster) : NaN;
    const cpuNow = () => [processCpuSeconds(pid), dbCpu(), processCpuSeconds(Deno.pid)];
    const idle0 = cpuNow();
    await sleep(IDLE_MS);
    const idleRate = cpuNow().map((v, k) => (v - idle0[k]) / IDLE_MS);
    const t0 = performance.now();
    const cpu0 = processCpuSeconds(pid);
    const own0 = processCpuSeconds(Deno.pid);
    const db0 = dbCpu();
    const profiler = inspect ? await startCpuProfile(inspect) : undefined;
    const load = CLIENT === "wrk"
      ? await wrkLoad(system.url, bettors, markets, `${kind}-load-${Date.now()}`)
      : await placeBets(
        c,
        bettors,
        markets,
        `${kind}-load`,
        (_, start) => performance.now() - start >= SECONDS * 1000,
      );
    // The bench's own process (its live feeds, and its clients unless wrk sends the bets) and wrk.
    const clientUsed = processCpuSeconds(Deno.pid) - own0 + (load.generatorCpuSeconds ?? 0);
    f.serverCpu = Math.round(((processCpuSeconds(pid) - cpu0) / SECONDS) * 100) / 100;
    f.clientCpu = Math.round((clientUsed / SECONDS) * 100) / 100;
    f.latencyMs = load.latencyMs ?? null;
    const used = [processCpuSeconds(pid) - cpu0, dbCpu() - db0, clientUsed];
    const ms = performance.now() - t0;
    f.cpuMsPerBet = cpuPerBet(used[0], postmaster ? used[1] : null, used[2], load.accepted);
    const over = used.map((v, k) => Math.max(0, v - idleRate[k] * ms));
    f.cpuMsPerBetOverIdle = cpuPerBet(over[0], postmaster ? over[1] : null, over[2], load.accepted);
    if (profiler) {
      const profile = await profiler.stop();
      const file = `${values.profile}-${kind}`;
      await Deno.writeTextFile(`${file}.cpuprofile`, JSON.stringify(profile));
      await Deno.writeTextFile(`${file}.txt`, summarizeProfile(profile));
      log(`${kind}: CPU profile in ${file}.cpuprofile, summary in ${file}.txt`);
    }
    f.betsPerSecond = Math.round(load.perSecond);
    f.accepted = load.accepted;
    f.refused = load.refused;
    log(
      `${kind}: ${load.accepted} bets accepted in ${SECONDS} s, refused ${
        JSON.stringify(load.refused)
      }`,
    );
    step = "check the ledger";
    const check = await c.ledgerCheck(admin);
    f.invariantsHeld = check.ok;
    f.violations = check.violations.slice(0, 10);
    step = "settle the throughput ball";
    await bowl(c, markets.find((m) => m.kind === "strike")!, `bench-${kind}-load-shot`);
    for (const m of markets) await watch.settledAll(c, m.id, load.byMarket.get(m.id) ?? 0);

    const fills: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      step = `settle sample ${rep + 1}: open the ball`;
      markets = await openBall(c, admin);
      const strike = markets.find((m) => m.kind === "strike")!;
      step = `settle sample ${rep + 1}: place ${BETS} bets`;
      const fill = await placeBets(
        c,
        bettors,
        [strike],
        `${kind}-${rep}`,
        (placed) => placed >= BETS,
      );
      fills.push(fill.perSecond);
      const want = fill.accepted;
      step = `settle sample ${rep + 1}: bowl and settle ${want} bets`;
      const t0 = await bowl(c, strike, `bench-${kind}-shot-${rep}`);
      const { pushedAt, paidAt } = await watch.settledAll(c, strike.id, want);
      const ms = Math.round((pushedAt ?? paidAt) - t0);
      f.settleSamplesMs.push(ms);
      f.paidSamplesMs.push(Math.round(paidAt - t0));
      const open = await unsettled(c, bettors);
      f.unsettled += open;
      const state = (await c.market(strike.id)).state;
      log(
        `${kind}: sample ${rep + 1}: ${want} bets paid (market seen determined) ${
          Math.round(paidAt - t0)
        } ms and ${
          watch.pushes ? `pushed ${ms} ms` : "(no pushes)"
        } after pinfall (market ${state}, ${open} bets still open)`,
      );
    }
    f.fillBetsPerSecond = Math.round(fills.reduce((a, b) => a + b, 0) / fills.length);
    step = "check the ledger at the end";
    const end = await c.ledgerCheck(admin);
    f.invariantsHeld = (f.invariantsHeld ?? true) && end.ok;
    f.violations.push(...end.violations.slice(0, 10));
  } catch (err) {
    f.error = `${step}: ${err instanceof HttpProblem || err instanceof Error ? err.message : err}`;
    log(`${kind}: ${f.error}`);
  } finally {
    watch.close();
    await system.stop();
    await pg?.stop();
  }
  const s = f.settleSamplesMs;
  if (s.length) {
    f.settleP50Ms = percentile(s, 50);
    f.settleP95Ms = percentile(s, 95);
    f.settleMaxMs = Math.max(...s);
    f.paidP95Ms = percentile(f.paidSamplesMs, 95);
  }
  return f;
}

const kinds: Kind[] = values.only ? [values.only as Kind] : ["postgres", "pglite"];
const results: Partial<Record<Kind, KindFigures>> = {};
for (const kind of kinds) results[kind] = await benchKind(kind);

console.log(
  `Markets: ${BETTORS} bettors, ${CONCURRENCY} concurrent clients, stake ${STAKE}; ` +
    `client and server on the same ${navigator.hardwareConcurrency}-core machine`,
);
for (const [kind, r] of Object.entries(results)) {
  console.log(
    `${kind.padEnd(8)} bets accepted ${fmt(r.betsPerSecond ?? NaN, 0)}/s for ${SECONDS} s ` +
      `(goal ≥ 2,000 on PostgreSQL; server CPU ${fmt((r.serverCpu ?? NaN) * 100, 0)} %, ` +
      `bench clients ${fmt((r.clientCpu ?? NaN) * 100, 0)} %; CPU ms per bet: ` +
      `server ${fmt(r.cpuMsPerBet?.server ?? NaN, 2)}, ` +
      `PostgreSQL ${fmt(r.cpuMsPerBet?.postgres ?? NaN, 2)}, ` +
      `client ${fmt(r.cpuMsPerBet?.client ?? NaN, 2)}, ` +
      `total ${fmt(r.cpuMsPerBet?.total ?? NaN, 2)}; over idle ` +
      `${fmt(r.cpuMsPerBetOverIdle?.server ?? NaN, 2)}/` +
      `${fmt(r.cpuMsPerBetOverIdle?.postgres ?? NaN, 2)}/` +
      `${fmt(r.cpuMsPerBetOverIdle?.client ?? NaN, 2)}, ` +
      `total ${fmt(r.cpuMsPerBetOverIdle?.total ?? NaN, 2)}), ` +
      `ledger check ${r.invariantsHeld === null ? "n/a" : r.invariantsHeld ? "ok" : "FAILED"}; ` +
      `settle ${BETS} bets pinfall → paid and pushed: p50 ${fmt(r.settleP50Ms ?? NaN, 0)} ms, ` +
      `p95 ${fmt(r.settleP95Ms ?? NaN, 0)} ms over ${r.settleSamplesMs.length} (goal ≤ 1,000; ` +
      `market seen determined p95 ${fmt(r.paidP95Ms ?? NaN, 0)} ms); ` +
      `unsettled ${r.unsettled}` + (r.error ? `; stopped at ${r.error}` : ""),
  );
}
if (values.json) console.log(JSON.stringify(results));
Deno.exit(0);
