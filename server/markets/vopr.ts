/**
 * The VOPR (after TigerBeetle's Viewstamped Operation Replicator): a seeded
 * simulation of bettors, lanes, the AI and staff driving the betting half of
 * the server through its API — concurrent bets, bets at and after
 * suspension, lane events lost, late, duplicated and out of order, shots
 * sure and unsure, reviews, corrections after payout, voids, the finalizer,
 * deposits a payment provider confirms (duplicated, after or before a
 * failure), refunds and disputes that push a wallet into debt, and
 * transactions killed mid-way — with every invariant checked after every
 * step. A failing run prints its seed and the command that replays it.
 *
 * The operations are drawn from (seed, step) only; what the server answers
 * feeds back into the next draw, so a replay walks the same path as long as
 * the server answers the same (bets racing in one step may interleave
 * differently: the invariants hold either way).
 *
 * @example
 * ```ts ignore
 * const result = await runVopr({ seed: 42, steps: 300, db: "pglite" });
 * console.log(result.steps, result.counts);
 * ```
 * @module
 */
import { createPrng } from "../../core/prng.ts";
import type { DbKind } from "../db.ts";
import { type CrashPoint, tolerateDroppedConnections } from "./vopr/crash.ts";
import { deposit, placeBets, someoneElsesBet, Violation } from "./vopr/exec_bets.ts";
import { drain, rackReady, reportShot, throwBall } from "./vopr/exec_lanes.ts";
import {
  correct,
  crashBet,
  crashSettle,
  dispute,
  finalize,
  review,
  staffSuspend,
  staffVoid,
} from "./vopr/exec_staff.ts";
import { checkInvariants } from "./vopr/invariants.ts";
import { providerDeposit, providerRefund } from "./vopr/exec_payments.ts";
import { withdraw, withdrawalStep } from "./vopr/exec_withdrawals.ts";
import { describeOp, nextOp, type Op } from "./vopr/ops.ts";
import { checkResults } from "./vopr/results.ts";
import { readSnapshot } from "./vopr/snapshot.ts";
import { standInWallet } from "./vopr/stand_ins.ts";
import { createWorld, refreshMarkets, viewOf, type World } from "./vopr/world.ts";

export interface VoprOptions {
  seed: number;
  steps: number;
  db: DbKind;
  /** Extra server config (e.g. BET_ACCEPT_DELAY_MS). */
  env?: Record<string, string>;
  /**
   * Also send, before some balls' events, a stale `approach` of the previous ball (captured before
   * the rack was ready). Off by default: today such an event voids the new ball's bets as
   * past-posted (see the report of seed 12).
   */
  staleEvents?: boolean;
  /**
   * On PostgreSQL, crash by terminating the backend (the connection drops mid-transaction) instead
   * of raising an error in it. Off by default: postgres.js 3.4.9 then throws an uncaught error
   * and may leave a pooled connection broken (later requests time out: see the report).
   */
  dropConnections?: boolean;
  /** A line per step (the long-run command prints progress). */
  log?: (line: string) => void;
}

export interface VoprResult {
  seed: number;
  steps: number;
  /** How many times each operation ran. */
  counts: Record<string, number>;
  bets: number;
  markets: Record<string, number>;
  /** Simulated crashes that fired (a transaction killed), by where. */
  crashes: Record<string, number>;
  /** Colleagues' pieces the harness stood in for (none once everything is merged). */
  standIns: string[];
  /**
   * postgres.js's uncaught TypeError after a connection dropped mid-transaction, taken by the
   * harness (each would have ended a real server process).
   */
  droppedConnectionErrors: number;
}

/** A seed that broke an invariant, with how to replay it. */
export class VoprFailure extends Error {
  override name = "VoprFailure";
  constructor(readonly step: number, detail: string, trace: string[], o: VoprOptions) {
    super(
      `VOPR seed ${o.seed} failed at step ${step} on ${o.db}:\n${detail}\n` +
        `last operations:\n${trace.map((t) => `  ${t}`).join("\n")}\n` +
        `replay: ${replayCommand(o)}`,
    );
  }
}

export function replayCommand(o: VoprOptions): string {
  const flags = (o.staleEvents ? " --stale-events" : "") +
    (o.dropConnections ? " --drop-connections" : "");
  return `./lanecast vopr --seed ${o.seed} --steps ${o.steps} --db ${o.db}${flags}` +
    (flags
      ? ""
      : `   (or VOPR_SEED=${o.seed} ./lanecast deno test -A server/markets/vopr_test.ts)`);
}

/** A seed from VOPR_SEED, else a random one. */
export function seedFromEnv(): number {
  const given = Deno.env.get("VOPR_SEED");
  if (given && /^\d+$/.test(given)) return Number(given) >>> 0;
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** What a simulated crash logs on its way out (PGlite: the raised error; PostgreSQL: the dropped connection). */
const CRASHED =
  /vopr: simulated crash|57P01|administrator command|CONNECTION_CLOSED|CONNECTION_DESTROYED/;

const CRASH_POINTS: CrashPoint[] = ["stake-post", "payout", "stake-post", "refund", "stake-void"];

async function execute(w: World, op: Op, step: number): Promise<void> {
  const lane = (id: string) => w.lanes.find((l) => l.id === id)!;
  switch (op.kind) {
    case "deposit":
      return await deposit(w, op);
    case "bets":
      return await placeBets(w, op.bets);
    case "rack-ready":
      return await rackReady(w, lane(op.lane));
    case "ball-events": {
      const racing = op.bets.length ? () => placeBets(w, op.bets, true) : null;
      return await throwBall(w, lane(op.lane), op.events, racing);
    }
    case "shot":
      return await reportShot(w, lane(op.lane), op);
    case "drain":
      return await drain(w);
    case "crash":
      if (op.where === "bet") return await crashBet(w, op.bet);
      return await crashSettle(w, CRASH_POINTS[step % CRASH_POINTS.length]);
    case "correction":
      return await correct(w, op);
    case "staff-void":
      return await staffVoid(w, op.market);
    case "staff-suspend":
      return await staffSuspend(w, op.market);
    case "review":
      return await review(w, op);
    case "finalize":
      return await finalize(w);
    case "dispute":
      return await dispute(w, op);
    case "someone-elses-bet":
      return await someoneElsesBet(w, op);
    case "provider-deposit":
      return await providerDeposit(w, op);
    case "provider-refund":
      return await providerRefund(w, op);
    case "withdraw":
      return await withdraw(w, op);
    case "withdrawal-step":
      return await withdrawalStep(w, op);
  }
}

async function check(w: World, seen: Map<string, number>): Promise<string[]> {
  let t = performance.now();
  const lap = (k: string) => {
    const now = performance.now();
    PROFILE[k] = (PROFILE[k] ?? 0) + now - t;
    t = now;
  };
  const ledger = await w.request("GET", "/api/admin/ledger/check", w.admin);
  lap("c.ledger");
  const wallets = new Map<string, { available: number; pending: number }>();
  const answers = await Promise.all(w.bettors.map((b) => w.request("GET", "/api/wallet", b)));
  for (const [i, b] of w.bettors.entries()) {
    const a = answers[i];
    if (a.status === 200 && a.body) {
      wallets.set(b.id, { available: Number(a.body.available), pending: Number(a.body.pending) });
    } else if (a.status === 404) wallets.set(b.id, await standInWallet(w, b.id));
  }
  lap("c.wallets");
  const snapshot = await readSnapshot(w.sql, {
    ledger: ledger.status === 200 && ledger.body ? ledger.body as never : null,
    wallets,
  });
  lap("c.snapshot");
  const out = checkInvariants(snapshot, w.model, w.cutoffs);
  out.push(...await checkResults(w, seen));
  if (ledger.status !== 200 && ledger.status !== 404) {
    out.push(`ledger check answered ${ledger.status}`);
  }
  return out;
}

/**
 * Quiets the app's request log for the run and collects what background work
 * (the markets engine's jobs, the outbox) reports as failed: each is a violation.
 */
function captureLogs(): { errors: string[]; restore(): void } {
  const { log, error } = console;
  const errors: string[] = [];
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === "string" && /^\[[0-9a-f-]{36}\] /.test(args[0])) return;
    log(...args);
  };
  console.error = (...args: unknown[]) => {
    errors.push(args.map((a) => a instanceof Error ? a.stack : String(a)).join(" "));
    error(...args);
  };
  return {
    errors,
    restore() {
      console.log = log;
      console.error = error;
    },
  };
}

export const PROFILE: Record<string, number> = {};

export async function runVopr(o: VoprOptions): Promise<VoprResult> {
  const logs = captureLogs();
  using dropped = tolerateDroppedConnections();
  const tw = performance.now();
  const w = await createWorld(o.db, o.seed, o.env, o.dropConnections).catch((err) => {
    logs.restore();
    throw err;
  });
  // Every bettor starts with sandbox money, through the API like any deposit.
  for (const [user] of w.bettors.entries()) {
    await deposit(w, { user, amount: 20_000, reuseKey: false, bad: false });
  }
  PROFILE.world = performance.now() - tw;
  w.staleEvents = o.staleEvents ?? false;
  const trace: string[] = [];
  const determined = new Map<string, number>();
  const counts: Record<string, number> = {};
  try {
    for (let step = 0; step < o.steps; step++) {
      const tv = performance.now();
      await w.engine?.idle(); // the engine's jobs that the last step started (a sheet change)
      await refreshMarkets(w);
      const op = nextOp(createPrng(o.seed, step), await viewOf(w));
      PROFILE.view = (PROFILE.view ?? 0) + performance.now() - tv;
      const line = `#${step} ${describeOp(op)}`;
      trace.push(line);
      if (trace.length > 25) trace.shift();
      o.log?.(line);
      counts[op.kind] = (counts[op.kind] ?? 0) + 1;
      let violations: string[];
      try {
        const t0 = performance.now();
        await execute(w, op, step);
        await w.engine?.idle();
        const t1 = performance.now();
        PROFILE[op.kind] = (PROFILE[op.kind] ?? 0) + t1 - t0;
        if (w.notes.length) trace[trace.length - 1] += ` → ${w.notes.splice(0).join("; ")}`;
        violations = await check(w, determined);
        PROFILE.check = (PROFILE.check ?? 0) + performance.now() - t1;
        const failed = logs.errors.splice(0).filter((e) =>
          !(op.kind === "crash" && CRASHED.test(e))
        );
        violations.push(...failed.map((e) => `background work failed: ${e}`));
      } catch (err) {
        if (!(err instanceof Violation)) {
          throw new VoprFailure(step, `threw: ${(err as Error).stack ?? err}`, trace, o);
        }
        violations = [err.message, ...logs.errors.splice(0).map((e) => `logged: ${e}`)];
      }
      if (violations.length) {
        throw new VoprFailure(step, violations.join("\n"), trace, o);
      }
    }
    const markets: Record<string, number> = {};
    for (const m of w.markets.values()) markets[m.state] = (markets[m.state] ?? 0) + 1;
    return {
      seed: o.seed,
      steps: o.steps,
      counts,
      bets: [...w.model.bets()].length,
      markets,
      standIns: [...w.standIns],
      crashes: w.crashes,
      droppedConnectionErrors: dropped.count,
    };
  } finally {
    await w.outbox.stop();
    await w.close();
    logs.restore();
  }
}
