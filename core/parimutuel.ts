/**
 * Parimutuel maths for a market's pool, in integer minor units: the pool is
 * every stake, the house keeps `takeoutBps` of it (rounded so the house
 * never keeps less), and the rest is shared among the winning stakes, each
 * payout rounded down to the minor unit; what rounding leaves is breakage.
 * Free of zod and I/O so the browser can show the same odds the server pays.
 *
 * pool = Σ stake; net = floor(pool × (10000 − takeoutBps) / 10000);
 * takeout = pool − net; payout_i = floor(stake_i × net / winningStake);
 * breakage = net − Σ payout_i, so Σ payout + takeout + breakage = pool exactly.
 *
 * @example
 * ```ts
 * import { indicativeOdds, settlePool } from "./parimutuel.ts";
 *
 * const bets = [
 *   { id: "a", outcome: "yes", stake: 300 },
 *   { id: "b", outcome: "no", stake: 700 },
 * ];
 * settlePool({ bets, winner: "yes", takeoutBps: 1000 });
 * // { kind: "paid", pool: 1000, takeout: 100, breakage: 0, payouts: [{ id: "a", amount: 900 }] }
 * indicativeOdds({ yes: 300, no: 700 }, 1000); // { yes: 3, no: 1.2857142857142858 }
 * ```
 * @module
 */

/** Basis points in a whole: takeoutBps 1000 is 10 %. */
export const BPS = 10_000;

/** One bet in a pool (a non-void bet; voided ones are left out by the caller). */
export interface PoolBet {
  id: string;
  outcome: string;
  /** Integer minor units, > 0. */
  stake: number;
}

export interface SettlePoolInput {
  bets: readonly PoolBet[];
  /** The winning outcome key; null when the market is void. */
  winner: string | null;
  /** The house's share, 0…10000. */
  takeoutBps: number;
}

/**
 * Why a market refunds every stake instead of paying: `void` (winner null),
 * `empty` (no bets), `one-sided` (every bet on one outcome, winner or not),
 * `no-winners` (nobody backed the winner). Checked in that order.
 */
export type RefundReason = "void" | "empty" | "one-sided" | "no-winners";

export interface Payout {
  id: string;
  amount: number;
}

export type PoolSettlement =
  | {
    kind: "paid";
    pool: number;
    takeout: number;
    breakage: number;
    /**
     * One entry per winning bet, in input order. An amount may be 0 (takeout
     * 10000 bps, or a tiny stake in a huge pool): the bet is still won, but no
     * transfer can carry 0, so the ledger skips it.
     */
    payouts: Payout[];
  }
  | {
    kind: "refund";
    reason: RefundReason;
    pool: number;
    /** Every bet's stake back, exactly, in input order. */
    refunds: Payout[];
  };

function checkTakeout(takeoutBps: number): void {
  if (!Number.isInteger(takeoutBps) || takeoutBps < 0 || takeoutBps > BPS) {
    throw new RangeError(`Takeout "${takeoutBps}" is not a whole number of basis points 0…${BPS}`);
  }
}

function checkAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`${what} "${amount}" is not a whole number of minor units`);
  }
}

/** The part of `pool` shared among winners: floor(pool × (10000 − takeoutBps) / 10000). */
export function netPool(pool: number, takeoutBps: number): number {
  checkTakeout(takeoutBps);
  checkAmount(pool, "Pool");
  return Number((BigInt(pool) * BigInt(BPS - takeoutBps)) / BigInt(BPS));
}

/**
 * Settles a pool once its winner is known (or the market is void). Throws a
 * RangeError for a stake that is not a positive safe integer, a takeout
 * outside 0…10000 bps, or a pool past 2^53 (a caller's bug, never a user's).
 */
export function settlePool(input: SettlePoolInput): PoolSettlement {
  const { bets, winner, takeoutBps } = input;
  checkTakeout(takeoutBps);
  let pool = 0;
  let winningStake = 0;
  const outcomes = new Set<string>();
  for (const bet of bets) {
    if (!Number.isSafeInteger(bet.stake) || bet.stake <= 0) {
      throw new RangeError(`Bet "${bet.id}" has stake "${bet.stake}", not a positive whole number`);
    }
    pool += bet.stake;
    outcomes.add(bet.outcome);
    if (bet.outcome === winner) winningStake += bet.stake;
  }
  checkAmount(pool, "Pool");
  const reason: RefundReason | null = winner === null
    ? "void"
    : bets.length === 0
    ? "empty"
    : outcomes.size < 2
    ? "one-sided"
    : winningStake === 0
    ? "no-winners"
    : null;
  if (reason) {
    return {
      kind: "refund",
      reason,
      pool,
      refunds: bets.map((b) => ({ id: b.id, amount: b.stake })),
    };
  }
  const net = netPool(pool, takeoutBps);
  const bigNet = BigInt(net);
  const bigWinning = BigInt(winningStake);
  let paid = 0;
  const payouts: Payout[] = [];
  for (const bet of bets) {
    if (bet.outcome !== winner) continue;
    const amount = Number((BigInt(bet.stake) * bigNet) / bigWinning);
    paid += amount;
    payouts.push({ id: bet.id, amount });
  }
  return { kind: "paid", pool, takeout: pool - net, breakage: net - paid, payouts };
}

/**
 * What one unit staked on an outcome would return if it won now: net pool ÷
 * that outcome's pool, before rounding (decimal odds). Null when nothing is
 * staked on it. Indicative only: the pools move until the market suspends.
 */
export function payoutPerUnit(
  pool: number,
  outcomePool: number,
  takeoutBps: number,
): number | null {
  checkAmount(outcomePool, "Outcome pool");
  if (outcomePool === 0) return null;
  return netPool(pool, takeoutBps) / outcomePool;
}

/** Indicative decimal odds of every outcome from the pools (see {@linkcode payoutPerUnit}). */
export function indicativeOdds(
  pools: Readonly<Record<string, number>>,
  takeoutBps: number,
): Record<string, number | null> {
  let pool = 0;
  for (const amount of Object.values(pools)) {
    checkAmount(amount, "Outcome pool");
    pool += amount;
  }
  const odds: Record<string, number | null> = {};
  for (const [key, amount] of Object.entries(pools)) {
    odds[key] = payoutPerUnit(pool, amount, takeoutBps);
  }
  return odds;
}

/**
 * What a new bet of `stake` on `outcome` would pay if the pools stood as now
 * and it won: the bet joins the pool, then floor(stake × net / (outcome
 * pool + stake)). For a bet slip's "returns about"; the pools still move.
 */
export function estimatePayout(
  pools: Readonly<Record<string, number>>,
  outcome: string,
  stake: number,
  takeoutBps: number,
): number {
  checkAmount(stake, "Stake");
  let pool = stake;
  for (const amount of Object.values(pools)) {
    checkAmount(amount, "Outcome pool");
    pool += amount;
  }
  checkAmount(pool, "Pool");
  const winning = (pools[outcome] ?? 0) + stake;
  if (winning === 0) return 0;
  return Number((BigInt(stake) * BigInt(netPool(pool, takeoutBps))) / BigInt(winning));
}
