/**
 * The responsible-play checks every money path runs on the server (the
 * bodies of server/payments/guard.ts): an exclusion in force (time-out or
 * self-exclusion or a closed account → 403 `self-excluded`, its `kind`
 * saying which) refuses bets and deposits (never a withdrawal); deposit limits
 * refuse a deposit that would pass them (422 `deposit-limit`); the daily loss
 * limit refuses a stake that could pass it (422 `loss-limit`). Nothing is
 * cached: each check reads the database, so an exclusion applies to the next
 * request.
 *
 * @example
 * ```ts ignore
 * await assertMayDeposit(tx, userId, 5_000); // before a deposit starts
 * const refused = await betRefusals(tx, [{ userId, stake: 100 }]); // a batch of bets, one query
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import {
  checkDeposit,
  limitInForce,
  type LimitUse,
  lossLimitError,
} from "../../core/responsible.ts";
import type { SqlOrTx } from "../db.ts";
import {
  activeExclusions,
  type BettorState,
  bettorStates,
  depositsUsed,
  type ExclusionRow,
  lockUser,
  readLimits,
} from "./repo.ts";

/** The refusal an exclusion in force gives any money action. */
export function exclusionError(e: ExclusionRow): DomainError {
  if (e.kind === "closure") {
    return new DomainError("self-excluded", "This account is closed", {
      kind: e.kind,
      until: null,
    });
  }
  const until = e.endsAt?.toISOString() ?? null;
  return new DomainError(
    "self-excluded",
    e.kind === "time-out"
      ? `You are taking a time-out until "${until}"`
      : `You are self-excluded until "${until}"`,
    { kind: e.kind, until },
  );
}

/** Throws when an exclusion is in force for the user at `now`. */
export async function assertNotExcluded(sql: SqlOrTx, userId: string, now: Date): Promise<void> {
  const [e] = await activeExclusions(sql, userId, now);
  if (e) throw exclusionError(e);
}

const DEPOSIT_KINDS = ["deposit-daily", "deposit-weekly", "deposit-monthly"] as const;

/**
 * Refuses a deposit of `amount` starting now: excluded, or over a deposit
 * limit in force. Inside a transaction it locks the user's row first, so two
 * deposits started at once are judged one after the other.
 */
export async function assertMayDeposit(
  sql: SqlOrTx,
  userId: string,
  amount: number,
  now: Date = new Date(),
): Promise<void> {
  if ("savepoint" in sql) await lockUser(sql, userId);
  const [exclusions, limits, used] = await Promise.all([
    activeExclusions(sql, userId, now),
    readLimits(sql, userId),
    depositsUsed(sql, userId, now),
  ]);
  if (exclusions[0]) throw exclusionError(exclusions[0]);
  const uses: LimitUse[] = [];
  for (const kind of DEPOSIT_KINDS) {
    const { amount: limit } = limitInForce(limits.get(kind) ?? null, now);
    if (limit !== null) uses.push({ kind, amount: limit, used: used[kind] });
  }
  checkDeposit(uses, amount);
}

/**
 * For a batch of bets, in order: null for a bet that may go, else why not.
 * One statement for the whole batch (no query per bet); several bets of one user add up
 * against their loss limit.
 */
export async function betRefusals(
  sql: SqlOrTx,
  bets: readonly { userId: string; stake: number }[],
  now: Date = new Date(),
): Promise<(DomainError | null)[]> {
  return judgeBets(await bettorStates(sql, bets.map((b) => b.userId), now), bets, now);
}

/**
 * The rule of {@linkcode betRefusals} over states read already (the bet path
 * pipelines {@linkcode bettorStates} with its other reads).
 */
export function judgeBets(
  states: ReadonlyMap<string, BettorState>,
  bets: readonly { userId: string; stake: number }[],
  now: Date,
): (DomainError | null)[] {
  const staked = new Map<string, number>();
  return bets.map(({ userId, stake }) => {
    const s = states.get(userId);
    if (!s) return null;
    if (s.exclusion) return exclusionError(s.exclusion);
    const { amount } = limitInForce(s.lossLimit, now);
    if (amount === null) return null;
    const before = staked.get(userId) ?? 0;
    const refusal = lossLimitError(
      { kind: "loss-daily", amount, used: s.lossUsed + before },
      stake,
    );
    if (!refusal) staked.set(userId, before + stake);
    return refusal;
  });
}

/** Refuses a stake of `stake` for the user now (a single bet; batches use {@linkcode betRefusals}). */
export async function assertMayBet(
  sql: SqlOrTx,
  userId: string,
  stake: number,
  now: Date = new Date(),
): Promise<void> {
  const [refusal] = await betRefusals(sql, [{ userId, stake }], now);
  if (refusal) throw refusal;
}

