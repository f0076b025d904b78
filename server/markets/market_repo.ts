/**
 * Market rows: read with their bowler and pools (Σ stake of the non-void
 * bets by outcome, summed when read: no hot counter row serialises bets),
 * locked for a state change or a bet, and turned into the wire's `Market`
 * (core/markets.ts). Import through `./repo.ts`.
 * @module
 */
import type { Market, MarketKind, MarketState } from "../../core/markets.ts";
import { type SqlOrTx, whereAll } from "../db.ts";
import { isUuid } from "../sessions/repo.ts";
import { outcomesOf, type Pools } from "./outcomes.ts";

/** A market row with its bowler and pools, camelCase. */
export interface MarketRow {
  id: string;
  laneId: string;
  sessionId: string;
  bowlerId: string;
  bowlerName: string;
  bowlerPosition: number;
  frame: number;
  ball: number;
  kind: MarketKind;
  line: number | null;
  standing: number;
  state: MarketState;
  version: number;
  currency: string;
  takeoutBps: number;
  fair: Record<string, number>;
  result: string | null;
  determinations: number;
  shotId: string | null;
  reviewReason: string | null;
  suspendCaptureMs: number | null;
  voidReason: string | null;
  openedAt: Date;
  suspendedAt: Date | null;
  determinedAt: Date | null;
  finalizedAt: Date | null;
  /** Σ stake of the non-void bets, by outcome. */
  pools: Pools;
}

/** Row locks a state change or a bet takes on the market row. */
export type MarketLock = "update" | "key share";

/** Markets in these states are settled for the lane's list ("the last few settled"). */
export const SETTLED_STATES: readonly MarketState[] = [
  "determined",
  "finalized",
  "disputed",
  "void",
];
export const LIVE_STATES: readonly MarketState[] = ["open", "suspended"];

// deno-lint-ignore no-explicit-any
export type Raw = Record<string, any>;

export const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toMarketRow(r: Raw): MarketRow {
  return {
    id: r.id,
    laneId: r.lane_id,
    sessionId: r.session_id,
    bowlerId: r.bowler_id,
    bowlerName: r.bowler_name,
    bowlerPosition: r.bowler_position,
    frame: r.frame,
    ball: r.ball,
    kind: r.kind,
    line: r.line,
    standing: r.standing,
    state: r.state,
    version: r.version,
    currency: r.currency,
    takeoutBps: r.takeout_bps,
    fair: r.fair ?? {},
    result: r.result,
    determinations: r.determinations,
    shotId: r.shot_id,
    reviewReason: r.review_reason,
    suspendCaptureMs: num(r.suspend_capture_ms),
    voidReason: r.void_reason,
    openedAt: r.opened_at,
    suspendedAt: r.suspended_at,
    determinedAt: r.determined_at,
    finalizedAt: r.finalized_at,
    pools: Object.fromEntries(
      Object.entries((r.pools ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Number(v)]),
    ),
  };
}

/** The ball a market is on, as the wire shows it. */
export function ballOf(m: MarketRow): Market["ball"] {
  return {
    sessionId: m.sessionId,
    frame: m.frame,
    ball: m.ball,
    bowler: { id: m.bowlerId, name: m.bowlerName, position: m.bowlerPosition },
    standing: m.standing,
  };
}

/** The wire form of a market row. */
export function toMarket(m: MarketRow): Market {
  return {
    id: m.id,
    laneId: m.laneId,
    kind: m.kind,
    state: m.state,
    version: m.version,
    ...(m.line === null ? {} : { line: m.line }),
    currency: m.currency,
    takeoutBps: m.takeoutBps,
    totalPool: Object.values(m.pools).reduce((s, v) => s + v, 0),
    outcomes: outcomesOf(m),
    ball: ballOf(m),
    result: m.result,
    review: m.reviewReason ? { reason: m.reviewReason, shotId: m.shotId } : null,
    voidReason: m.voidReason,
    openedAt: m.openedAt.toISOString(),
    suspendedAt: iso(m.suspendedAt),
    determinedAt: iso(m.determinedAt),
    finalizedAt: iso(m.finalizedAt),
  };
}

/** The selected columns of a market with its bowler and pools (alias `m`). */
function marketColumns(sql: SqlOrTx) {
  return sql`
    m.*, sb.name as bowler_name, sb.position as bowler_position,
    coalesce((select jsonb_object_agg(p.outcome, p.total) from (
      select outcome, sum(stake) as total from bets
      where market_id = m.id and state <> 'void' group by outcome) p), '{}'::jsonb) as pools`;
}

/** One market row, optionally locked (`update` for state changes, `key share` for a bet). */
export async function getMarketRow(
  sql: SqlOrTx,
  id: string,
  lock?: MarketLock,
): Promise<MarketRow | null> {
  if (!isUuid(id)) return null;
  const rows = lock === "update"
    ? await sql`select ${marketColumns(sql)} from markets m
        join session_bowlers sb on sb.id = m.bowler_id where m.id = ${id} for update of m`
    : lock === "key share"
    ? await sql`select ${marketColumns(sql)} from markets m
        join session_bowlers sb on sb.id = m.bowler_id where m.id = ${id} for key share of m`
    : await sql`select ${marketColumns(sql)} from markets m
        join session_bowlers sb on sb.id = m.bowler_id where m.id = ${id}`;
  return rows[0] ? toMarketRow(rows[0]) : null;
}

export async function getMarket(sql: SqlOrTx, id: string): Promise<Market | null> {
  const row = await getMarketRow(sql, id);
  return row ? toMarket(row) : null;
}

export interface MarketQuery {
  laneId?: string;
  sessionId?: string;
  states?: readonly MarketState[];
  ids?: readonly string[];
  /** Only markets opened before this one (paging backwards). */
  before?: string;
  limit: number;
}

/** Market rows, newest first. */
export async function listMarketRows(sql: SqlOrTx, q: MarketQuery): Promise<MarketRow[]> {
  const ids = q.ids ? q.ids.filter(isUuid) : null;
  if (ids && !ids.length) return [];
  if (q.before !== undefined && !isUuid(q.before)) return [];
  const rows = await sql`
    select ${marketColumns(sql)} from markets m join session_bowlers sb on sb.id = m.bowler_id
    ${
    whereAll(sql, [
      q.laneId !== undefined && sql`m.lane_id = ${q.laneId}`,
      q.sessionId !== undefined && sql`m.session_id = ${q.sessionId}`,
      q.states && sql`m.state = any(${[...q.states]}::text[])`,
      ids && sql`m.id = any(${ids}::uuid[])`,
      q.before !== undefined &&
      sql`(m.opened_at, m.id) < (select opened_at, id from markets where id = ${q.before})`,
    ])
  }
    order by m.opened_at desc, m.id desc
    limit ${q.limit}`;
  return rows.map(toMarketRow);
}

export async function listMarkets(sql: SqlOrTx, q: MarketQuery): Promise<Market[]> {
  return (await listMarketRows(sql, q)).map(toMarket);
}

/** How many settled or void markets a lane's list shows after its live ones. */
export const LANE_RECENT_SETTLED = 6;

/** A lane's open and suspended markets, then its last few settled or void ones. */
export async function laneMarkets(sql: SqlOrTx, laneId: string): Promise<Market[]> {
  const live = await listMarketRows(sql, { laneId, states: LIVE_STATES, limit: 100 });
  const settled = await listMarketRows(sql, {
    laneId,
    states: SETTLED_STATES,
    limit: LANE_RECENT_SETTLED,
  });
  return [...live.reverse(), ...settled].map(toMarket);
}

/** Pools of the given markets: market id → outcome → Σ stake of non-void bets. */
export async function poolsOf(sql: SqlOrTx, ids: readonly string[]): Promise<Map<string, Pools>> {
  const out = new Map<string, Pools>(ids.map((id) => [id, {}]));
  const valid = ids.filter(isUuid);
  if (!valid.length) return out;
  const rows = await sql<{ market_id: string; outcome: string; total: string }[]>`
    select market_id, outcome, sum(stake) as total from bets
    where market_id = any(${valid}::uuid[]) and state <> 'void'
    group by market_id, outcome`;
  for (const r of rows) out.get(r.market_id)![r.outcome] = Number(r.total);
  return out;
}

/** What a bet or a state change needs of a market, without its pools. */
export interface MarketTerms {
  id: string;
  laneId: string;
  kind: MarketKind;
  line: number | null;
  state: MarketState;
  version: number;
  currency: string;
}

/**
 * A market's terms and its row with its bowler (no pools), as a bet locks it;
 * `laneHidden`: its lane is hidden (the public cannot bet on it).
 */
export type BetMarket = MarketTerms & { row: MarketRow; laneHidden: boolean };

/**
 * Markets' terms by id, each market row locked `FOR KEY SHARE` (ascending
 * id; a suspension's `update` waits for the bets in flight); unknown ids are
 * absent. Each comes with its row and bowler, so a new bet's wire form needs
 * no read-back: nothing in it can change while the lock is held.
 */
export async function lockMarketTerms(
  sql: SqlOrTx,
  ids: readonly string[],
): Promise<Map<string, BetMarket>> {
  const valid = [...new Set(ids.filter(isUuid))].sort();
  if (!valid.length) return new Map();
  const rows = await sql`
    select m.*, sb.name as bowler_name, sb.position as bowler_position,
      coalesce(l.hidden, false) as lane_hidden
    from markets m join session_bowlers sb on sb.id = m.bowler_id
      left join lanes l on l.id = m.lane_id
    where m.id = any(${valid}::uuid[]) order by m.id for key share of m`;
  return new Map(
    rows.map((r) => [r.id, { ...toTerms(r), row: toMarketRow(r), laneHidden: r.lane_hidden }]),
  );
}

function toTerms(r: Raw): MarketTerms {
  return {
    id: r.id,
    laneId: r.lane_id,
    kind: r.kind,
    line: r.line,
    state: r.state,
    version: r.version,
    currency: r.currency,
  };
}

export async function getMarketTerms(
  sql: SqlOrTx,
  id: string,
  lock?: MarketLock,
): Promise<MarketTerms | null> {
  if (!isUuid(id)) return null;
  const rows = lock === "update"
    ? await sql`select * from markets where id = ${id} for update`
    : lock === "key share"
    ? await sql`select * from markets where id = ${id} for key share`
    : await sql`select * from markets where id = ${id}`;
  return rows[0] ? toTerms(rows[0]) : null;
}
