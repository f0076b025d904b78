/**
 * Data access for responsible play: the limits each user set
 * (`responsible_limits`), their time-outs, self-exclusions and closure
 * (`exclusions`), and the sums the limits are judged on — deposits started in
 * each rolling window (`payments` of every provider that did not fail or get
 * canceled) and the day's loss (stakes of bets settled lost minus winnings,
 * over bets settled in the last 24 h).
 */
import {
  type ExclusionKind,
  LIMIT_WINDOW_MS,
  type LimitKind,
  type LimitState,
} from "../../core/responsible.ts";
import type { SqlOrTx } from "../db.ts";

export type ExclusionRow = { kind: ExclusionKind | "closure"; endsAt: Date | null };

interface LimitRow {
  kind: LimitKind;
  amount: string | null;
  pending_amount: string | null;
  pending_remove: boolean;
  pending_from: Date | null;
}

/** A stored row as a {@linkcode LimitState} (a pending removal: `pendingAmount` null). */
const toLimit = (r: Omit<LimitRow, "kind">): LimitState => ({
  amount: num(r.amount),
  pendingAmount: r.pending_from && !r.pending_remove ? num(r.pending_amount) : null,
  pendingFrom: r.pending_from,
});

const num = (v: string | null) => v === null ? null : Number(v);

/** The user's limits as stored (pending changes not yet applied), by kind. */
export async function readLimits(
  sql: SqlOrTx,
  userId: string,
): Promise<Map<LimitKind, LimitState>> {
  const rows = await sql<LimitRow[]>`
    select kind, amount::text, pending_amount::text, pending_remove, pending_from
    from responsible_limits where user_id = ${userId}`;
  return new Map(rows.map((r) => [r.kind, toLimit(r)]));
}

/** Stores a limit (none and nothing pending: the row goes). */
export async function writeLimit(
  sql: SqlOrTx,
  userId: string,
  kind: LimitKind,
  s: LimitState,
): Promise<void> {
  if (s.amount === null && !s.pendingFrom) {
    await sql`delete from responsible_limits where user_id = ${userId} and kind = ${kind}`;
    return;
  }
  await sql`
    insert into responsible_limits
      (user_id, kind, amount, pending_amount, pending_remove, pending_from, updated_at)
    values (${userId}, ${kind}, ${s.amount}, ${s.pendingAmount},
      ${s.pendingFrom !== null && s.pendingAmount === null}, ${s.pendingFrom}, now())
    on conflict (user_id, kind) do update set amount = excluded.amount,
      pending_amount = excluded.pending_amount, pending_remove = excluded.pending_remove,
      pending_from = excluded.pending_from, updated_at = now()`;
}

/** Locks the user's limit rows (and serialises writers of one user's limits). */
export async function lockUser(tx: SqlOrTx, userId: string): Promise<void> {
  await tx`select id from users where id = ${userId} for update`;
}

const since = (now: Date, kind: LimitKind) => new Date(now.getTime() - LIMIT_WINDOW_MS[kind]);

/**
 * Deposits started in each deposit window: payments of every provider that
 * did not fail or get canceled, and deposits credited straight through the
 * ledger with no payment row (sandbox deposits made the old way). No upper
 * bound: a deposit whose transaction began a moment after `now` (one that
 * held the user's lock just before this caller) counts too.
 */
export async function depositsUsed(
  sql: SqlOrTx,
  userId: string,
  now: Date,
): Promise<Record<"deposit-daily" | "deposit-weekly" | "deposit-monthly", number>> {
  const from = since(now, "deposit-monthly");
  const [r] = await sql<{ d: string; w: string; m: string }[]>`
    with started as (
      select amount, created_at from payments
      where user_id = ${userId} and state in ('created', 'succeeded')
        and created_at > ${from}
      union all
      select t.amount, t.created_at
      from ledger_accounts a join ledger_transfers t on t.credit_account_id = a.id
      where a.kind = 'user' and a.owner = ${userId} and t.code = 'deposit' and t.type = 'single'
        and t.created_at > ${from}
        and not exists (select 1 from payments p where 'deposit:' || p.id::text = t.id)
    )
    select
      coalesce(sum(amount) filter (where created_at > ${
    since(now, "deposit-daily")
  }), 0)::text as d,
      coalesce(sum(amount) filter (where created_at > ${
    since(now, "deposit-weekly")
  }), 0)::text as w,
      coalesce(sum(amount), 0)::text as m
    from started`;
  return {
    "deposit-daily": Number(r.d),
    "deposit-weekly": Number(r.w),
    "deposit-monthly": Number(r.m),
  };
}

/** Net loss of the bets settled in the last 24 h (never below 0), and the stakes still open. */
export async function lossUsed(
  sql: SqlOrTx,
  userId: string,
  now: Date,
): Promise<{ settled: number; open: number }> {
  const [r] = await sql<{ settled: string; open: string }[]>`
    select
      coalesce(sum(stake - payout) filter (where state in ('won', 'lost')), 0)::text as settled,
      coalesce(sum(stake) filter (where state = 'open'), 0)::text as open
    from bets
    where user_id = ${userId}
      and (state = 'open' or (state in ('won', 'lost') and settled_at > ${
    since(now, "loss-daily")
  }))`;
  return { settled: Math.max(0, Number(r.settled)), open: Number(r.open) };
}

/**
 * The exclusions in force at `now`, longest first (a closure, with no end,
 * before all). Each starts when it is written: one committed a moment after
 * the caller read its clock counts already.
 */
export async function activeExclusions(
  sql: SqlOrTx,
  userId: string,
  now: Date,
): Promise<ExclusionRow[]> {
  const rows = await sql<{ kind: ExclusionRow["kind"]; ends_at: Date | null }[]>`
    select kind, ends_at from exclusions
    where user_id = ${userId} and (ends_at is null or ends_at > ${now})
    order by ends_at desc nulls first`;
  return rows.map((r) => ({ kind: r.kind, endsAt: r.ends_at }));
}

export async function insertExclusion(
  sql: SqlOrTx,
  e: { userId: string; kind: ExclusionRow["kind"]; startsAt: Date; endsAt: Date | null },
): Promise<void> {
  await sql`
    insert into exclusions (user_id, kind, starts_at, ends_at)
    values (${e.userId}, ${e.kind}, ${e.startsAt}, ${e.endsAt})`;
}

/** What one batch of bets needs about its users, in one statement. */
export interface BettorState {
  exclusion: ExclusionRow | null;
  /** The daily loss limit as stored, or null. */
  lossLimit: LimitState | null;
  /** Worst loss already possible: the day's settled net loss plus every open stake. */
  lossUsed: number;
}

/**
 * For each of `userIds`, whether an exclusion is in force and, for users with
 * a daily loss limit, how much of it is used: one set-based statement for a
 * whole batch of bets (no query per bet or per user).
 */
export async function bettorStates(
  sql: SqlOrTx,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, BettorState>> {
  if (!userIds.length) return new Map();
  const ids = [...new Set(userIds)];
  const rows = await sql<
    {
      user_id: string;
      ex_kind: ExclusionRow["kind"] | null;
      ex_ends: Date | null;
      amount: string | null;
      pending_amount: string | null;
      pending_remove: boolean;
      pending_from: Date | null;
      has_limit: boolean;
      settled: string | null;
      open: string | null;
    }[]
  >`
    with u as (select unnest(${ids}::uuid[]) as user_id),
    ex as (
      select distinct on (user_id) user_id, kind, ends_at from exclusions
      where user_id = any(${ids}::uuid[]) and (ends_at is null or ends_at > ${now})
      order by user_id, ends_at desc nulls first
    ),
    lim as (
      select user_id, amount, pending_amount, pending_remove, pending_from from responsible_limits
      where user_id = any(${ids}::uuid[]) and kind = 'loss-daily'
    )
    select u.user_id::text, ex.kind as ex_kind, ex.ends_at as ex_ends,
      lim.amount::text, lim.pending_amount::text, coalesce(lim.pending_remove, false) as pending_remove,
      lim.pending_from, lim.user_id is not null as has_limit,
      loss.settled::text, loss.open::text
    from u left join ex on ex.user_id = u.user_id left join lim on lim.user_id = u.user_id
      -- Only users with a loss limit have their bets summed (by index, user by user).
      left join lateral (
        select
          sum(b.stake - b.payout) filter (where b.state in ('won', 'lost')) as settled,
          sum(b.stake) filter (where b.state = 'open') as open
        from bets b
        where b.user_id = lim.user_id
          and (b.state = 'open'
            or (b.state in ('won', 'lost') and b.settled_at > ${since(now, "loss-daily")}))
      ) loss on lim.user_id is not null`;
  return new Map(rows.map((r) => [r.user_id, {
    exclusion: r.ex_kind ? { kind: r.ex_kind, endsAt: r.ex_ends } : null,
    lossLimit: r.has_limit ? toLimit(r) : null,
    lossUsed: Math.max(0, Number(r.settled ?? 0)) + Number(r.open ?? 0),
  }]));
}
