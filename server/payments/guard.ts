/**
 * The responsible-play checks every money action passes, server-side, on
 * every path: deposits (each provider, when it starts), bets, withdrawals.
 * Throws `self-excluded` (a time-out, self-exclusion or closed account in
 * force) and `deposit-limit` (a deposit above what the user's limits leave).
 */
import type { SqlOrTx } from "../db.ts";

/** Throws unless `userId` may start a deposit of `amount` now. */
export async function assertMayDeposit(
  _sql: SqlOrTx,
  _userId: string,
  _amount: number,
  _now: Date = new Date(),
): Promise<void> {
}

/** Throws unless `userId` may stake `stake` now. */
export async function assertMayBet(
  _sql: SqlOrTx,
  _userId: string,
  _stake: number,
  _now: Date = new Date(),
): Promise<void> {
}

/** Throws unless `userId` may ask for a withdrawal now. */
export async function assertMayWithdraw(
  _sql: SqlOrTx,
  _userId: string,
  _now: Date = new Date(),
): Promise<void> {
}
