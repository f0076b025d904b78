/**
 * Responsible play as the bettor uses it: their limits (set, lowered at once,
 * raised after a day) and what each window has used, time-outs and
 * self-exclusion (taken, never lifted early), the reality check of the play
 * session running, and account closure.
 *
 * @example
 * ```ts ignore
 * await setLimits(sql, user, { depositDaily: 5_000 }, new Date());
 * const view = await limitsView(sql, user.id, new Date());
 * ```
 * @module
 */
import {
  changeLimit,
  exclusionEnd,
  type ExclusionKind,
  LIMIT_FIELDS,
  type LimitField,
  limitInForce,
  playSessionStart,
} from "../../core/responsible.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import {
  activeExclusions,
  depositsUsed,
  insertExclusion,
  lockUser,
  lossUsed,
  readLimits,
  writeLimit,
} from "./repo.ts";
import { exclusionError } from "./checks.ts";

export interface LimitView {
  amount: number | null;
  pending: { amount: number | null; from: string } | null;
  used: number;
}

export interface LimitsView {
  limits: Record<LimitField, LimitView>;
  timeOutUntil: string | null;
  selfExcludedUntil: string | null;
}

/** `GET /api/me/limits`: each limit in force, its pending change, and its window's use. */
export async function limitsView(sql: SqlOrTx, userId: string, now: Date): Promise<LimitsView> {
  const [limits, deposits, loss, exclusions] = await Promise.all([
    readLimits(sql, userId),
    depositsUsed(sql, userId, now),
    lossUsed(sql, userId, now),
    activeExclusions(sql, userId, now),
  ]);
  const view = {} as Record<LimitField, LimitView>;
  for (
    const [field, kind] of Object.entries(LIMIT_FIELDS) as [
      LimitField,
      typeof LIMIT_FIELDS[LimitField],
    ][]
  ) {
    const s = limitInForce(limits.get(kind) ?? null, now);
    view[field] = {
      amount: s.amount,
      pending: s.pendingFrom
        ? { amount: s.pendingAmount, from: s.pendingFrom.toISOString() }
        : null,
      used: kind === "loss-daily" ? loss.settled : deposits[kind],
    };
  }
  const until = (k: ExclusionKind) =>
    exclusions.find((e) => e.kind === k)?.endsAt?.toISOString() ?? null;
  return {
    limits: view,
    timeOutUntil: until("time-out"),
    selfExcludedUntil: until("self-exclusion"),
  };
}

/** `PUT /api/me/limits`: each field given (null removes) changes its limit by the 24 h rule. */
export async function setLimits(
  sql: Sql,
  user: AuthUser,
  patch: Partial<Record<LimitField, number | null>>,
  now: Date,
): Promise<LimitsView> {
  return await sql.begin(async (tx) => {
    await lockUser(tx, user.id);
    const stored = await readLimits(tx, user.id);
    const changed: Record<string, unknown> = {};
    for (const [field, requested] of Object.entries(patch) as [LimitField, number | null][]) {
      if (requested === undefined) continue;
      const kind = LIMIT_FIELDS[field];
      const next = changeLimit(stored.get(kind) ?? null, requested, now);
      await writeLimit(tx, user.id, kind, next);
      changed[field] = {
        amount: next.amount,
        pendingAmount: next.pendingAmount,
        pendingFrom: next.pendingFrom,
      };
    }
    if (Object.keys(changed).length === 0) return await limitsView(tx, user.id, now);
    await recordAudit(tx, {
      actor: user,
      action: "limits.change",
      targetType: "user",
      targetId: user.id,
      detail: changed,
    });
    return await limitsView(tx, user.id, now);
  }) as LimitsView;
}

/**
 * A time-out or self-exclusion of `days` from now; it cannot be shortened
 * or lifted (a second one only adds: the longest in force applies).
 */
export async function exclude(
  sql: Sql,
  user: AuthUser,
  kind: ExclusionKind,
  days: number,
  now: Date,
): Promise<LimitsView> {
  const endsAt = exclusionEnd(kind, days, now);
  return await sql.begin(async (tx) => {
    await lockUser(tx, user.id);
    const [closed] = (await activeExclusions(tx, user.id, now)).filter((e) => e.kind === "closure");
    if (closed) throw exclusionError(closed);
    await insertExclusion(tx, { userId: user.id, kind, startsAt: now, endsAt });
    await recordAudit(tx, {
      actor: user,
      action: `responsible.${kind}`,
      targetType: "user",
      targetId: user.id,
      detail: { days, until: endsAt.toISOString() },
    });
    return await limitsView(tx, user.id, now);
  }) as LimitsView;
}

export interface RealityCheck {
  /** When the play session began (null: none running). */
  since: string | null;
  minutes: number;
  staked: number;
  won: number;
  /** won − staked. */
  net: number;
}

/**
 * The play session running now (bets no more than 30 min apart, the last
 * one within 30 min): how long, how much staked, how much won back.
 */
export async function realityCheck(sql: SqlOrTx, userId: string, now: Date): Promise<RealityCheck> {
  const rows = await sql<{ placed_at: Date; stake: string; payout: string | null }[]>`
    select placed_at, stake::text, payout::text from bets
    where user_id = ${userId} and placed_at > ${new Date(now.getTime() - 86_400_000)}
      and placed_at <= ${now}
    order by placed_at desc`;
  const since = playSessionStart(rows.map((r) => r.placed_at), now);
  if (!since) return { since: null, minutes: 0, staked: 0, won: 0, net: 0 };
  let staked = 0;
  let won = 0;
  for (const r of rows) {
    if (r.placed_at < since) break;
    staked += Number(r.stake);
    won += Number(r.payout ?? 0);
  }
  return {
    since: since.toISOString(),
    minutes: Math.floor((now.getTime() - since.getTime()) / 60_000),
    staked,
    won,
    net: won - staked,
  };
}
