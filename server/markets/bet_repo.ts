/**
 * Bet rows: inserted (stamped with the database's clock), found by a user's
 * idempotency key, listed raw for sweeps and settlement, and read with their
 * market's summary as the wire's `Bet` (core/markets.ts). Import through
 * `./repo.ts`.
 * @module
 */
import type { Bet, BetState } from "../../core/markets.ts";
import { type SqlOrTx, whereAll } from "../db.ts";
import { isUuid } from "../sessions/repo.ts";
import { ballOf, iso, type MarketRow, num, type Raw } from "./market_repo.ts";

/** A bet row, camelCase; `stake`/`payout` as numbers. */
export interface BetRow {
  id: string;
  userId: string;
  marketId: string;
  outcome: string;
  stake: number;
  currency: string;
  marketVersion: number;
  idempotencyKey: string;
  requestDigest: string;
  state: BetState;
  payout: number | null;
  voidReason: string | null;
  holdId: string;
  placedAt: Date;
  settledAt: Date | null;
}

function toBetRow(r: Raw): BetRow {
  return {
    id: r.id,
    userId: r.user_id,
    marketId: r.market_id,
    outcome: r.outcome,
    stake: Number(r.stake),
    currency: r.currency,
    marketVersion: r.market_version,
    idempotencyKey: r.idempotency_key,
    requestDigest: r.request_digest,
    state: r.state,
    payout: num(r.payout),
    voidReason: r.void_reason,
    holdId: r.hold_id,
    placedAt: r.placed_at,
    settledAt: r.settled_at,
  };
}

/** The wire form of a bet, with its market's summary. */
export function toBet(b: BetRow, m: MarketRow): Bet {
  return {
    id: b.id,
    marketId: b.marketId,
    outcome: b.outcome,
    stake: b.stake,
    currency: b.currency,
    state: b.state,
    ...(b.payout === null ? {} : { payout: b.payout }),
    ...(b.voidReason === null ? {} : { voidReason: b.voidReason }),
    marketVersion: b.marketVersion,
    placedAt: b.placedAt.toISOString(),
    settledAt: iso(b.settledAt),
    market: {
      kind: m.kind,
      laneId: m.laneId,
      ...(m.line === null ? {} : { line: m.line }),
      state: m.state,
      result: m.result,
      ball: ballOf(m),
    },
  };
}

/** Bet columns (alias `b`) with its market's and bowler's (aliases `m`, `sb`), market ones prefixed. */
function betColumns(sql: SqlOrTx) {
  return sql`
    b.*, m.lane_id as m_lane_id, m.session_id as m_session_id, m.bowler_id as m_bowler_id,
    m.frame as m_frame, m.ball as m_ball, m.kind as m_kind, m.line as m_line,
    m.standing as m_standing, m.state as m_state, m.result as m_result,
    sb.name as m_bowler_name, sb.position as m_bowler_position`;
}

function toBetWithMarket(r: Raw): Bet {
  const market = {
    id: r.market_id,
    laneId: r.m_lane_id,
    sessionId: r.m_session_id,
    bowlerId: r.m_bowler_id,
    bowlerName: r.m_bowler_name,
    bowlerPosition: r.m_bowler_position,
    frame: r.m_frame,
    ball: r.m_ball,
    kind: r.m_kind,
    line: r.m_line,
    standing: r.m_standing,
    state: r.m_state,
    result: r.m_result,
  } as MarketRow;
  return toBet(toBetRow(r), market);
}

export type BetStatus = "open" | "settled" | "void";
const STATUS_STATES: Record<BetStatus, BetState[]> = {
  open: ["open"],
  settled: ["won", "lost"],
  void: ["void"],
};

export interface BetQuery {
  userId?: string;
  marketId?: string;
  ids?: readonly string[];
  status?: BetStatus;
  /** Only bets placed before this bet (paging backwards). */
  before?: string;
  limit: number;
}

/** Bets with their market summaries, newest first. */
export async function listBets(sql: SqlOrTx, q: BetQuery): Promise<Bet[]> {
  const ids = q.ids ? q.ids.filter(isUuid) : null;
  if (ids && !ids.length) return [];
  if (q.before !== undefined && !isUuid(q.before)) return [];
  if (q.marketId !== undefined && !isUuid(q.marketId)) return [];
  const states = q.status ? STATUS_STATES[q.status] : null;
  const rows = await sql`
    select ${betColumns(sql)} from bets b
    join markets m on m.id = b.market_id join session_bowlers sb on sb.id = m.bowler_id
    ${
    whereAll(sql, [
      q.userId !== undefined && sql`b.user_id = ${q.userId}`,
      q.marketId !== undefined && sql`b.market_id = ${q.marketId}`,
      ids && sql`b.id in (select unnest(${ids}::uuid[]))`,
      states && sql`b.state = any(${states}::text[])`,
      q.before !== undefined &&
      sql`(b.placed_at, b.id) < (select placed_at, id from bets where id = ${q.before})`,
    ])
  }
    order by b.placed_at desc, b.id desc
    limit ${q.limit}`;
  return rows.map(toBetWithMarket);
}

/** One bet; with `userId`, only when it is that user's (someone else's is null, as unknown). */
export async function getBet(sql: SqlOrTx, id: string, userId?: string): Promise<Bet | null> {
  if (!isUuid(id)) return null;
  const [bet] = await listBets(sql, { ids: [id], userId, limit: 1 });
  return bet ?? null;
}

/** A user's bet by idempotency key (the raw row: its digest decides a replay). */
export async function findBetByKey(
  sql: SqlOrTx,
  userId: string,
  key: string,
): Promise<BetRow | null> {
  const [row] =
    await sql`select * from bets where user_id = ${userId} and idempotency_key = ${key}`;
  return row ? toBetRow(row) : null;
}

/** Raw bet rows of markets (for settlement and sweeps), optionally only some states. */
export async function listBetRows(
  sql: SqlOrTx,
  marketIds: readonly string[],
  states?: readonly BetState[],
): Promise<BetRow[]> {
  const ids = marketIds.filter(isUuid);
  if (!ids.length) return [];
  const rows = await sql`
    select * from bets where market_id = any(${ids}::uuid[])
      and (${states ? [...states] : null}::text[] is null or state = any(${
    states ? [...states] : null
  }::text[]))
    order by placed_at, id`;
  return rows.map(toBetRow);
}

export type NewBet = Pick<
  BetRow,
  | "id"
  | "userId"
  | "marketId"
  | "outcome"
  | "stake"
  | "currency"
  | "marketVersion"
  | "idempotencyKey"
  | "requestDigest"
  | "holdId"
>;

/** Bets' raw rows by their users' idempotency keys (the digest decides a replay). */
export async function findBetsByKeys(
  sql: SqlOrTx,
  keys: readonly { userId: string; key: string }[],
): Promise<BetRow[]> {
  if (!keys.length) return [];
  // Two arrays an index probe takes whatever the plan; the pairs are matched here.
  const rows = await sql`
    select * from bets
    where user_id = any(${[...new Set(keys.map((k) => k.userId))]}::uuid[])
      and idempotency_key = any(${[...new Set(keys.map((k) => k.key))]}::text[])`;
  const wanted = new Set(keys.map((k) => `${k.userId}\u0000${k.key}`));
  return rows.map(toBetRow).filter((b) => wanted.has(`${b.userId}\u0000${b.idempotencyKey}`));
}

/** The wire form of a bet just inserted (open, unpaid), from what was written and its market. */
export function newBetOf(b: NewBet, placedAt: Date, m: MarketRow): Bet {
  return toBet({
    ...b,
    state: "open",
    payout: null,
    voidReason: null,
    placedAt,
    settledAt: null,
  }, m);
}

/**
 * Inserts bets in one statement (placed_at = the database's clock as each is
 * written); returns each written id's `placed_at`: a bet whose user's key is
 * taken is not written.
 */
export async function insertBets(
  sql: SqlOrTx,
  bets: readonly NewBet[],
): Promise<Map<string, Date>> {
  if (!bets.length) return new Map();
  const rows = bets.map((b) => ({
    id: b.id,
    user_id: b.userId,
    market_id: b.marketId,
    outcome: b.outcome,
    stake: b.stake,
    currency: b.currency,
    market_version: b.marketVersion,
    idempotency_key: b.idempotencyKey,
    request_digest: b.requestDigest,
    hold_id: b.holdId,
  }));
  const written = await sql<{ id: string; placed_at: Date }[]>`
    insert into bets (id, user_id, market_id, outcome, stake, currency, market_version,
                      idempotency_key, request_digest, hold_id, placed_at)
    select id, user_id, market_id, outcome, stake, currency, market_version, idempotency_key,
           request_digest, hold_id, clock_timestamp()
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(
      id uuid, user_id uuid, market_id uuid, outcome text, stake bigint, currency text,
      market_version integer, idempotency_key text, request_digest text, hold_id text)
    on conflict (user_id, idempotency_key) do nothing
    returning id, placed_at`;
  return new Map(written.map((r) => [r.id, r.placed_at]));
}

/** Inserts a bet (placed_at = the database's clock now); null when the user's key is taken. */
export async function insertBet(sql: SqlOrTx, b: NewBet): Promise<BetRow | null> {
  const [row] = await sql`
    insert into bets (id, user_id, market_id, outcome, stake, currency, market_version,
                      idempotency_key, request_digest, hold_id, placed_at)
    values (${b.id}, ${b.userId}, ${b.marketId}, ${b.outcome}, ${b.stake}, ${b.currency},
            ${b.marketVersion}, ${b.idempotencyKey}, ${b.requestDigest}, ${b.holdId},
            clock_timestamp())
    on conflict (user_id, idempotency_key) do nothing
    returning *`;
  return row ? toBetRow(row) : null;
}
