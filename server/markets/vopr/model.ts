/**
 * The VOPR's reference model: what each bettor's wallet must show, from what
 * the API answered (deposits taken, bets accepted) and each bet's state, and
 * an independent parimutuel reckoning of what a determined market must pay.
 * It shares no code with the server's ledger or core/parimutuel.ts on
 * purpose: two implementations that agree are the check.
 *
 * @example
 * ```ts
 * const model = createMoneyModel();
 * model.deposit("u1", "key-1", 1000);
 * model.betAccepted({ id: "b1", userId: "u1", marketId: "m1", outcome: "yes", stake: 400 });
 * model.expectedWallet("u1", states); // { available: 600, pending: 400 }
 * ```
 * @module
 */

export interface ModelBet {
  id: string;
  userId: string;
  marketId: string;
  outcome: string;
  stake: number;
}

/** A bet's state as the server holds it (read after each step). */
export interface BetState {
  state: "open" | "won" | "lost" | "void";
  payout: number | null;
}

export interface MoneyModel {
  /** A deposit the API took; the same key again adds nothing. Returns whether it was new. */
  deposit(userId: string, key: string, amount: number): boolean;
  /**
   * Money a provider moved for the user outside bets (a deposit credited
   * through a provider: +; a refund or dispute taken back: −), once per key.
   * Returns whether it was new.
   */
  adjust(userId: string, key: string, delta: number): boolean;
  /** What the user owes after a refund or dispute took more than they had (changes by `delta`). */
  owe(userId: string, delta: number): void;
  debtOf(userId: string): number;
  /** A withdrawal the API took (201): its amount is held, then paid out or given back. */
  withdrawal(id: string, userId: string, amount: number): void;
  /** A bet the API accepted (201); the same id again (an idempotent replay) adds nothing. */
  betAccepted(bet: ModelBet): boolean;
  bet(id: string): ModelBet | undefined;
  bets(): Iterable<ModelBet>;
  betsOf(userId: string): ModelBet[];
  users(): string[];
  /**
   * available = deposits ± provider adjustments − stakes of bets not void + payouts + what
   * re-determination could not claw back (the house's shortfall stays with the bettor) −
   * withdrawals held or paid; pending = stakes of open bets + withdrawals held.
   */
  expectedWallet(
    userId: string,
    states: ReadonlyMap<string, BetState>,
    shortfalls?: ReadonlyMap<string, number>,
    withdrawals?: ReadonlyMap<string, string>,
  ): { available: number; pending: number };
}

/** Withdrawal states whose amount is still held, and those whose amount left. */
const HELD = new Set(["requested", "approved"]);
const PAID = new Set(["paid"]);

export function createMoneyModel(): MoneyModel {
  const deposits = new Map<string, Map<string, number>>();
  const adjustments = new Map<string, Map<string, number>>();
  const debts = new Map<string, number>();
  const outs = new Map<string, { userId: string; amount: number }>();
  const bets = new Map<string, ModelBet>();
  const byUser = new Map<string, ModelBet[]>();
  return {
    deposit(userId, key, amount) {
      const mine = deposits.get(userId) ?? new Map<string, number>();
      deposits.set(userId, mine);
      if (mine.has(key)) return false;
      mine.set(key, amount);
      return true;
    },
    adjust(userId, key, delta) {
      const mine = adjustments.get(userId) ?? new Map<string, number>();
      adjustments.set(userId, mine);
      if (mine.has(key)) return false;
      mine.set(key, delta);
      return true;
    },
    owe(userId, delta) {
      debts.set(userId, (debts.get(userId) ?? 0) + delta);
    },
    debtOf: (userId) => debts.get(userId) ?? 0,
    withdrawal(id, userId, amount) {
      outs.set(id, { userId, amount });
    },
    betAccepted(bet) {
      if (bets.has(bet.id)) return false;
      bets.set(bet.id, bet);
      const list = byUser.get(bet.userId) ?? [];
      list.push(bet);
      byUser.set(bet.userId, list);
      return true;
    },
    bet: (id) => bets.get(id),
    bets: () => bets.values(),
    betsOf: (userId) => byUser.get(userId) ?? [],
    users: () => [...new Set([...deposits.keys(), ...byUser.keys()])],
    expectedWallet(userId, states, shortfalls = new Map(), withdrawals = new Map()) {
      let available = 0;
      let pending = 0;
      for (const [id, w] of outs) {
        if (w.userId !== userId) continue;
        const state = withdrawals.get(id);
        if (state === undefined) {
          throw new Error(`The server has no withdrawal "${id}" that the API took`);
        }
        if (HELD.has(state) || PAID.has(state)) available -= w.amount;
        if (HELD.has(state)) pending += w.amount;
      }
      for (const amount of deposits.get(userId)?.values() ?? []) available += amount;
      for (const delta of adjustments.get(userId)?.values() ?? []) available += delta;
      for (const bet of byUser.get(userId) ?? []) {
        const s = states.get(bet.id);
        if (!s) throw new Error(`The server has no bet "${bet.id}" that the API accepted`);
        if (s.state === "void") {
          available += shortfalls.get(bet.id) ?? 0;
          continue;
        }
        available -= bet.stake;
        if (s.state === "open") pending += bet.stake;
        else available += (s.payout ?? 0) + (shortfalls.get(bet.id) ?? 0);
      }
      return { available, pending };
    },
  };
}

export type Reckoning =
  | { kind: "refund" }
  | { kind: "paid"; takeout: number; breakage: number; payouts: Map<string, number> };

/**
 * What a determined market pays, by the rules of the issue: pool = Σ stakes;
 * no winner, no winning stake, or money on one side only → every stake back;
 * else net = ⌊pool × (10000 − takeout) / 10000⌋, each winner ⌊stake × net / winning stake⌋,
 * losers 0, the rest breakage.
 */
export function reckon(
  bets: readonly { id: string; outcome: string; stake: number }[],
  winner: string | null,
  takeoutBps: number,
): Reckoning {
  const pool = bets.reduce((s, b) => s + b.stake, 0);
  const sides = new Set(bets.map((b) => b.outcome));
  const winning = bets.filter((b) => b.outcome === winner).reduce((s, b) => s + b.stake, 0);
  if (winner === null || pool === 0 || winning === 0 || sides.size < 2) return { kind: "refund" };
  const net = Math.floor(pool * (10000 - takeoutBps) / 10000);
  const payouts = new Map<string, number>();
  let paid = 0;
  for (const b of bets) {
    // BigInt keeps stake × net exact far beyond what a test reaches.
    const p = b.outcome === winner ? Number(BigInt(b.stake) * BigInt(net) / BigInt(winning)) : 0;
    payouts.set(b.id, p);
    paid += p;
  }
  return { kind: "paid", takeout: pool - net, breakage: net - paid, payouts };
}
