/**
 * The market rows settlement changes: locked by ball (or by id) in a fixed
 * order, and written back with a new state, result and version.
 * @module
 */
import type { MarketState } from "../../core/markets.ts";
import type { SqlOrTx } from "../db.ts";
import { listMarketRows, type MarketRow } from "./repo.ts";

export interface BallRef {
  sessionId: string;
  bowlerId: string;
  frame: number;
  ball: number;
}

/** The markets of one ball, locked `FOR UPDATE` (ascending id) for the caller's transaction. */
export async function lockBallMarkets(tx: SqlOrTx, b: BallRef): Promise<MarketRow[]> {
  const ids = await tx<{ id: string }[]>`
    select id from markets
    where session_id = ${b.sessionId} and bowler_id = ${b.bowlerId} and frame = ${b.frame}
      and ball = ${b.ball}
    order by id
    for update`;
  return await rowsOf(tx, ids.map((r) => r.id));
}

/** Markets by id, locked `FOR UPDATE` (ascending id). */
export async function lockMarkets(tx: SqlOrTx, ids: readonly string[]): Promise<MarketRow[]> {
  if (!ids.length) return [];
  const locked = await tx<{ id: string }[]>`
    select id from markets where id = any(${ids as string[]}::uuid[]) order by id for update`;
  return await rowsOf(tx, locked.map((r) => r.id));
}

async function rowsOf(tx: SqlOrTx, ids: string[]): Promise<MarketRow[]> {
  if (!ids.length) return [];
  const rows = await listMarketRows(tx, { ids, limit: ids.length });
  return rows.sort((a, b) => a.id < b.id ? -1 : 1);
}

/** A market's new state; fields left out keep their value. */
export interface MarketChange {
  state: MarketState;
  result?: string | null;
  determinations?: number;
  voidReason?: string | null;
  reviewReason?: string | null;
  shotId?: string | null;
  determined?: boolean;
  finalized?: boolean;
}

/** Writes the change and bumps the version; the row as stored (timestamps from the database). */
export async function saveMarket(
  tx: SqlOrTx,
  m: MarketRow,
  c: MarketChange,
): Promise<MarketRow> {
  const keep = (k: keyof MarketChange) => !(k in c);
  const [row] = await tx<{
    version: number;
    suspended_at: Date | null;
    determined_at: Date | null;
    finalized_at: Date | null;
  }[]>`
    update markets set
      state = ${c.state},
      result = case when ${keep("result")} then result else ${c.result ?? null} end,
      determinations = coalesce(${c.determinations ?? null}::int, determinations),
      void_reason = case when ${keep("voidReason")} then void_reason else ${
    c.voidReason ?? null
  } end,
      review_reason = case when ${keep("reviewReason")} then review_reason else ${
    c.reviewReason ?? null
  } end,
      shot_id = case when ${keep("shotId")} then shot_id else ${c.shotId ?? null} end,
      suspended_at = case when ${c.state} = 'suspended' then coalesce(suspended_at, now())
        else suspended_at end,
      determined_at = case when ${c.determined === true} then now() else determined_at end,
      finalized_at = case when ${c.finalized === true} then now() else finalized_at end,
      version = version + 1, updated_at = now()
    where id = ${m.id}
    returning version, suspended_at, determined_at, finalized_at`;
  return {
    ...withChange(m, c),
    version: row.version,
    suspendedAt: row.suspended_at,
    determinedAt: row.determined_at,
    finalizedAt: row.finalized_at,
  };
}

/**
 * `m` with `c` applied as {@linkcode saveMarket} applies it, in memory: all
 * but what the database decides (the new version and the times).
 */
export function withChange(m: MarketRow, c: MarketChange): MarketRow {
  const keep = (k: keyof MarketChange) => !(k in c);
  return {
    ...m,
    state: c.state,
    result: keep("result") ? m.result : c.result ?? null,
    determinations: c.determinations ?? m.determinations,
    voidReason: keep("voidReason") ? m.voidReason : c.voidReason ?? null,
    reviewReason: keep("reviewReason") ? m.reviewReason : c.reviewReason ?? null,
    shotId: keep("shotId") ? m.shotId : c.shotId ?? null,
  };
}
