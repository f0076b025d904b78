/**
 * The VOPR's world: the server app in memory over a test database
 * (createTestApp), a few lanes with sessions of bowlers, bettors with sandbox
 * money, an outbox consumer that retries at once, and what the harness
 * itself knows (the money model, each ball's capture times and so each
 * market's cutoff, the idempotency keys it used). Operations are in exec.ts.
 */
import type { DbKind, Sql } from "../../db.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../../testing.ts";
import { createOutboxConsumer, type OutboxConsumer } from "../../outbox/consumer.ts";
import { outboxHandlers } from "../../outbox/topics.ts";
import { finalizeDue } from "../finalize.ts";
import { installCrashTriggers } from "./crash.ts";
import { type BetState, createMoneyModel, type MoneyModel } from "./model.ts";
import type { LanePhase, View } from "./ops.ts";
import { readWithdrawals } from "./snapshot.ts";

export const BETTORS = 4;
export const LANES = ["1", "2"];

export interface Actor {
  id: string;
  name: string;
  headers: Record<string, string>;
}

export interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown> | null;
}

/** What the harness knows of one ball's throw. */
export interface BallPlan {
  sessionId: string;
  bowlerId: string;
  frame: number;
  ball: number;
  standing: number;
  rackMs: number;
  approachMs?: number;
  releaseMs?: number;
  /** Whether the server has been told the approach / release (by a live event or the shot). */
  seenApproach: boolean;
  seenRelease: boolean;
  shotId?: string;
}

export interface LaneSim {
  id: string;
  phase: LanePhase;
  sessionId: string | null;
  ball: BallPlan | null;
  shots: number;
}

export interface KnownMarket {
  id: string;
  laneId: string;
  kind: string;
  state: string;
  version: number;
  outcomes: string[];
  sessionId: string;
  bowlerId: string;
  frame: number;
  ball: number;
}

export interface World {
  kind: DbKind;
  seed: number;
  sql: Sql;
  app: Awaited<ReturnType<typeof createTestApp>>;
  outbox: OutboxConsumer;
  bettors: Actor[];
  staff: Actor;
  admin: Actor;
  spectator: Actor;
  lanes: LaneSim[];
  markets: Map<string, KnownMarket>;
  /** Each market's cutoff (ms) as the server has been told it. */
  cutoffs: Map<string, number>;
  model: MoneyModel;
  /** Idempotency keys used for bets: key → the body sent and the bet it made. */
  betKeys: Map<string, { user: number; body: Record<string, unknown>; betId: string }>;
  depositKeys: { user: number; key: string; amount: number }[];
  reviews: Set<string>;
  delayMs: number;
  counter: number;
  /** What the step just run did, appended to its line in the trace. */
  notes: string[];
  /** Whether settlement (ball.settle) is registered: it lands in parts. */
  settles: boolean;
  /** The markets engine, once it is on this branch: `idle()` waits for its queued work. */
  engine: { idle(): Promise<void> } | null;
  /** Colleagues' pieces not yet here that the harness stood in for (stand_ins.ts). */
  standIns: Set<string>;
  /** Simulated crashes that fired, by where. */
  crashes: Record<string, number>;
  /** Markets whose result staff chose (resolving a dispute): not the ball's to decide. */
  resolvedByStaff: Set<string>;
  /** Whether to send stale approach events of a previous ball (VoprOptions.staleEvents). */
  staleEvents: boolean;
  /** The finalizer's tick, once settlement provides one. */
  finalize?: () => Promise<void>;
  request(method: string, path: string, actor: Actor | null, body?: unknown): Promise<Answer>;
  inference(path: string, body: unknown): Promise<Answer>;
  close(): Promise<void>;
}

export async function createWorld(
  kind: DbKind,
  seed: number,
  env: Record<string, string> = {},
  dropConnections = false,
) {
  const app = await createTestApp(kind, {
    SIM_SESSIONS: "false",
    DISPUTE_WINDOW_S: "0",
    ...env,
  });
  const sql = app.deps.db.sql;
  await installCrashTriggers(sql, kind, dropConnections);
  const startMarkets = (app as { startMarkets?: () => { idle(): Promise<void> } }).startMarkets;
  const handlers = outboxHandlers(app.deps as never);
  // Retries at once and takes back a claim at once: a simulated crash is followed by a re-drain.
  const outbox = createOutboxConsumer({
    sql,
    handlers,
    leaseMs: 1,
    maxAttempts: 1_000,
    retryDelayMs: () => 0,
    log: () => {},
  });

  async function call(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      (init.headers as Record<string, string>)["content-type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    const res = await app.app.request(path, init);
    const contentType = res.headers.get("content-type") ?? "";
    const text = await res.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch { /* not JSON */ }
    return { status: res.status, contentType, body: parsed };
  }

  const actor = async (role: "bettor" | "staff" | "admin" | "spectator", name: string) => {
    const a = await app.as(role, name);
    return { id: a.id, name, headers: a.headers };
  };
  const bettors: Actor[] = [];
  for (let i = 0; i < BETTORS; i++) {
    const s = await actor("spectator", `vopr-bettor-${i}`);
    // Becoming a bettor through the API when it exists; the role is granted either way.
    await call("POST", "/api/me/betting", s.headers, {
      dateOfBirth: "1990-01-0" + (i + 1),
      acceptTerms: true,
    });
    bettors.push(await actor("bettor", `vopr-bettor-${i}`));
  }
  const world: World = {
    kind,
    seed,
    sql,
    app,
    outbox,
    bettors,
    staff: await actor("staff", "vopr-staff"),
    admin: await actor("admin", "vopr-admin"),
    spectator: await actor("spectator", "vopr-spectator"),
    lanes: LANES.map((id) => ({ id, phase: "idle", sessionId: null, ball: null, shots: 0 })),
    markets: new Map(),
    cutoffs: new Map(),
    model: createMoneyModel(),
    betKeys: new Map(),
    depositKeys: [],
    reviews: new Set(),
    delayMs: Number(env.BET_ACCEPT_DELAY_MS ?? 0),
    counter: 0,
    notes: [],
    engine: startMarkets ? startMarkets() : null,
    finalize: async () => {
      await finalizeDue({ sql, live: app.deps.live, windowS: 0 });
    },
    standIns: new Set(),
    staleEvents: false,
    resolvedByStaff: new Set(),
    crashes: {},
    settles: Object.keys(handlers).some((t) => t.startsWith("ball.")),
    request: (method, path, who, body) => call(method, path, who?.headers ?? {}, body),
    inference: (path, body) =>
      call("POST", path, { authorization: `Bearer ${TEST_INFERENCE_KEY}` }, body),
    close: () => app.close(),
  };
  return world;
}

/** A fresh id for keys and shots, unique in the run. */
export function nextId(w: World, prefix: string): string {
  w.counter++;
  return `vopr-${prefix}-${w.seed}-${w.counter}`;
}

/** Refreshes what the harness knows of every market (state, version) from the database. */
export async function refreshMarkets(w: World): Promise<void> {
  const rows = await w.sql<Record<string, string>[]>`
    select id, lane_id, kind, state, version, session_id, bowler_id, frame, ball from markets
    order by opened_at, id`;
  for (const r of rows) {
    w.markets.set(r.id, {
      id: r.id,
      laneId: r.lane_id,
      kind: r.kind,
      state: r.state,
      version: Number(r.version),
      outcomes: r.kind === "strike" || r.kind === "spare" ? ["yes", "no"] : ["over", "under"],
      sessionId: r.session_id,
      bowlerId: r.bowler_id,
      frame: Number(r.frame),
      ball: Number(r.ball),
    });
  }
}

/** Markets of the ball a lane is throwing. */
export function ballMarkets(w: World, lane: LaneSim): KnownMarket[] {
  const b = lane.ball;
  if (!b) return [];
  return [...w.markets.values()].filter((m) =>
    m.sessionId === b.sessionId && m.bowlerId === b.bowlerId && m.frame === b.frame &&
    m.ball === b.ball
  );
}

/** Each bettor's available money as the model expects it now. */
export async function modelAvailable(w: World): Promise<number[]> {
  const states = new Map<string, BetState>();
  const shortfalls = new Map<string, number>();
  const rows = await w.sql<
    { id: string; state: BetState["state"]; payout: string | null; shortfall: string }[]
  >`
    select b.id, b.state, b.payout, coalesce((select sum(t.amount) from ledger_transfers t
      where t.id like 'shortfall:' || b.id || ':%'), 0) as shortfall
    from bets b`;
  for (const r of rows) {
    states.set(r.id, { state: r.state, payout: r.payout === null ? null : Number(r.payout) });
    if (Number(r.shortfall)) shortfalls.set(r.id, Number(r.shortfall));
  }
  const withdrawals = await readWithdrawals(w.sql);
  return w.bettors.map((b) =>
    w.model.expectedWallet(b.id, states, shortfalls, withdrawals).available
  );
}

/** The world as the generator sees it. */
export async function viewOf(w: World): Promise<View> {
  const available = await modelAvailable(w);
  const recent = [...w.markets.values()].filter((m) =>
    m.state === "open" || m.state === "suspended" || m.state === "determined"
  );
  const [{ n }] = await w.sql<{ n: number }[]>`
    select count(distinct (session_id, bowler_id, frame, ball))::int as n from markets
    where state in ('determined', 'finalized', 'disputed')`;
  const payments = await w.sql<{ id: string }[]>`
    select id from payments where provider <> 'sandbox' and state = 'succeeded' and refunded < amount
    order by created_at, id`;
  const held = await w.sql<{ id: string }[]>`
    select id from withdrawals where state in ('requested', 'approved') order by requested_at, id`;
  return {
    available,
    payments: payments.map((p) => p.id),
    withdrawals: held.map((h) => h.id),
    lanes: w.lanes.map((l) => ({ id: l.id, phase: l.phase })),
    markets: recent.map((m) => ({
      id: m.id,
      laneId: m.laneId,
      state: m.state,
      outcomes: m.outcomes,
    })),
    bets: [...w.model.bets()].map((b) => ({
      id: b.id,
      user: w.bettors.findIndex((u) => u.id === b.userId),
    })),
    settledBalls: n,
    reviews: [...w.reviews],
    keys: w.betKeys.size,
    settles: w.settles,
    staleEvents: w.staleEvents,
  };
}
