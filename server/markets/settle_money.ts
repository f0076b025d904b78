/**
 * The money of settlement, set-based through the ledger: whatever the number
 * of bets, a determination is one `postHolds`, one `transferMany` (and a
 * `returnHolds` for refunds), and a reversal one read of the winners' balances
 * and one `transferMany`. Transfer ids follow the ledger's scheme with `n`,
 * the market's determination number, so a re-run applies nothing twice.
 *
 * @example
 * ```ts ignore
 * const plan = planDetermination(market, bets, "yes", 1);
 * await applyPlans(tx, ledger, [plan]);
 * ```
 * @module
 */
import { settlePool } from "../../core/parimutuel.ts";
import type { BetState } from "../../core/markets.ts";
import { allOnConnection, type SqlOrTx } from "../db.ts";
import type { HoldResolution, Ledger, TransferInput } from "../ledger/ledger.ts";

/** What settlement reads of a bet (the markets repo's BetRow has it all). */
export interface MoneyBet {
  id: string;
  userId: string;
  outcome: string;
  stake: number;
  holdId: string;
  state: BetState;
  payout: number | null;
  voidReason: string | null;
}

/** What settlement reads of a market. */
export interface MoneyMarket {
  id: string;
  takeoutBps: number;
}

/** A bet's new state. */
export interface BetChange {
  id: string;
  state: BetState;
  payout: number | null;
  voidReason: string | null;
}

/** The ledger writes and bet changes of one market's step, applied together by {@linkcode applyPlans}. */
export interface MoneyPlan {
  marketId: string;
  post: HoldResolution[];
  void: HoldResolution[];
  transfers: TransferInput[];
  bets: BetChange[];
  /** "paid", or why every stake went back. */
  outcome: "paid" | "void" | "empty" | "one-sided" | "no-winners";
}

const escrow = (marketId: string) => ({ kind: "escrow" as const, owner: marketId });
const user = (userId: string) => ({ kind: "user" as const, owner: userId });

/**
 * Determination number `n` of a market from its live bets (`open`, or
 * `won`/`lost` when `posted`: their stakes are in escrow already). `winner`
 * null voids: every stake back (holds voided, or `refund:` transfers).
 */
export function planDetermination(
  market: MoneyMarket,
  bets: readonly MoneyBet[],
  winner: string | null,
  n: number,
  posted = false,
): MoneyPlan {
  const settled = settlePool({ bets, winner, takeoutBps: market.takeoutBps });
  const plan: MoneyPlan = {
    marketId: market.id,
    post: [],
    void: [],
    transfers: [],
    bets: [],
    outcome: settled.kind === "paid" ? "paid" : settled.reason,
  };
  if (settled.kind === "refund") {
    for (const b of bets) {
      if (posted) {
        plan.transfers.push({
          id: `refund:${b.id}:${n}`,
          debit: escrow(market.id),
          credit: user(b.userId),
          amount: b.stake,
          code: "refund",
          marketId: market.id,
          betId: b.id,
        });
      } else plan.void.push({ holdId: b.holdId, id: `stake-void:${b.id}` });
      const voidReason = settled.reason === "void" ? "market-void" : settled.reason;
      plan.bets.push({ id: b.id, state: "void", payout: null, voidReason });
    }
    return plan;
  }
  if (!posted) plan.post = bets.map((b) => ({ holdId: b.holdId, id: `stake-post:${b.id}` }));
  const paid = new Map(settled.payouts.map((p) => [p.id, p.amount]));
  for (const b of bets) {
    const amount = paid.get(b.id);
    if (amount) {
      plan.transfers.push({
        id: `payout:${b.id}:${n}`,
        debit: escrow(market.id),
        credit: user(b.userId),
        amount,
        code: "payout",
        marketId: market.id,
        betId: b.id,
      });
    }
    plan.bets.push({
      id: b.id,
      state: amount === undefined ? "lost" : "won",
      payout: amount ?? 0,
      voidReason: null,
    });
  }
  for (
    const [kind, amount] of [["takeout", settled.takeout], ["breakage", settled.breakage]] as const
  ) {
    if (amount > 0) {
      plan.transfers.push({
        id: `${kind}:${market.id}:${n}`,
        debit: escrow(market.id),
        credit: { kind },
        amount,
        code: kind,
        marketId: market.id,
      });
    }
  }
  return plan;
}

/** Voids every still-open bet of a market with `reason` (holds voided). */
export function planVoidOpen(
  market: MoneyMarket,
  bets: readonly MoneyBet[],
  reason: string,
): MoneyPlan {
  const open = bets.filter((b) => b.state === "open");
  return {
    marketId: market.id,
    post: [],
    void: open.map((b) => ({ holdId: b.holdId, id: `stake-void:${b.id}` })),
    transfers: [],
    bets: open.map((b) => ({ id: b.id, state: "void", payout: null, voidReason: reason })),
    outcome: "void",
  };
}

/**
 * Reverses determination `n` of a market with new transfers: each winner's
 * payout comes back from their wallet as far as its available balance goes
 * (`clawback:`), the house covers the rest (`shortfall:`), and takeout and
 * breakage return (`takeout-back:`, `breakage-back:`). Afterwards the escrow
 * holds every posted stake again. Locks the winners' accounts.
 */
export async function reverseDetermination(
  tx: SqlOrTx,
  ledger: Ledger,
  market: MoneyMarket,
  bets: readonly MoneyBet[],
  n: number,
): Promise<{ transfers: TransferInput[]; clawedBack: number; shortfall: number }> {
  const winners = bets.filter((b) => b.state === "won" && (b.payout ?? 0) > 0);
  const available = await availableOf(tx, ledger.currency, [
    ...new Set(winners.map((b) => b.userId)),
  ]);
  const transfers: TransferInput[] = [];
  let clawedBack = 0;
  let shortfall = 0;
  for (const b of winners) {
    const payout = b.payout as number;
    const has = available.get(b.userId) ?? 0;
    const back = Math.min(payout, has);
    available.set(b.userId, has - back);
    const rest = payout - back;
    const common = { marketId: market.id, betId: b.id, credit: escrow(market.id) };
    if (back > 0) {
      transfers.push({
        ...common,
        id: `clawback:${b.id}:${n}`,
        debit: user(b.userId),
        amount: back,
        code: "clawback",
      });
    }
    if (rest > 0) {
      transfers.push({
        ...common,
        id: `shortfall:${b.id}:${n}`,
        debit: { kind: "house" },
        amount: rest,
        code: "shortfall",
      });
    }
    clawedBack += back;
    shortfall += rest;
  }
  const kept = await tx<{ id: string; amount: string }[]>`
    select id, amount from ledger_transfers
    where id in (${`takeout:${market.id}:${n}`}, ${`breakage:${market.id}:${n}`})`;
  for (const k of kept) {
    const kind = k.id.startsWith("takeout:") ? "takeout" : "breakage";
    transfers.push({
      id: `${kind}-back:${market.id}:${n}`,
      debit: { kind },
      credit: escrow(market.id),
      amount: Number(k.amount),
      code: `${kind}-back`,
      marketId: market.id,
    });
  }
  await ledger.transferMany(tx, transfers);
  return { transfers, clawedBack, shortfall };
}

/** Each user's available balance, their accounts locked (ascending id) for the rest of the transaction. */
async function availableOf(
  tx: SqlOrTx,
  currency: string,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await tx<{ owner: string; available: string }[]>`
    select owner, credits_posted - debits_posted - debits_pending as available
    from ledger_accounts
    where kind = 'user' and currency = ${currency} and owner = any(${userIds as string[]}::text[])
    order by id
    for update`;
  return new Map(rows.map((r) => [r.owner, Number(r.available)]));
}

/**
 * Applies plans: every hold posted and voided, every transfer, in three
 * set-based calls, and every bet's new state in one statement beside them. Holds are
 * posted before the payouts so the escrow is funded when they leave it.
 */
export async function applyPlans(
  tx: SqlOrTx,
  ledger: Ledger,
  plans: readonly MoneyPlan[],
): Promise<void> {
  const post = plans.flatMap((p) => p.post);
  const voids = plans.flatMap((p) => p.void);
  const transfers = plans.flatMap((p) => p.transfers);
  const money = async () => {
    // A stake posted when its market suspended (server/markets/post_stakes.ts) is refunded instead.
    if (voids.length) await ledger.returnHolds(tx, voids);
    if (post.length) await ledger.postHolds(tx, post);
    if (transfers.length) await ledger.transferMany(tx, transfers);
  };
  // The bets' update goes to the database at once, pipelined with the money's statements (it
  // depends on none of them), so the database is not idle while this process prepares each.
  // It may run inside the ledger's savepoint and be undone with it when the money fails: so a
  // failure here is the caller's whole transaction's (every caller lets it roll back).
  await allOnConnection([money(), updateBets(tx, plans.flatMap((p) => p.bets))]);
}

/** Writes bets' new states in one statement. */
export async function updateBets(tx: SqlOrTx, changes: readonly BetChange[]): Promise<void> {
  if (!changes.length) return;
  const rows = changes.map((c) => ({
    id: c.id,
    state: c.state,
    payout: c.payout,
    void_reason: c.voidReason,
  }));
  await tx`
    update bets b set state = x.state, payout = x.payout, void_reason = x.void_reason,
      settled_at = now()
    from jsonb_to_recordset(${tx.json(rows as never)}::jsonb)
      as x(id uuid, state text, payout bigint, void_reason text)
    where b.id = x.id`;
}
