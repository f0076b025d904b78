/**
 * Test-only helpers for settlement: bettors with sandbox money, bets placed
 * as plain rows with their ledger hold (no bet rules), balances and the
 * ledger's system accounts read back.
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";

/** Makes `n` bettor users named `${prefix}-i` (one insert); their ids in order. */
export async function makeBettors(sql: SqlOrTx, prefix: string, n: number): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    email: `${prefix}-${i}@test.lanecast`,
    display_name: `${prefix}-${i}`,
    role: "bettor",
    password_hash: "test-only-no-password",
  }));
  const out = await sql<{ id: string }[]>`insert into users ${sql(rows)} returning id`;
  return out.map((r) => r.id);
}

/** Sandbox money into each user's wallet. */
export async function fund(
  sql: SqlOrTx,
  ledger: Ledger,
  userIds: readonly string[],
  amount: number,
): Promise<void> {
  const key = crypto.randomUUID();
  await ledger.transferMany(
    sql,
    userIds.map((id) => ({
      id: `deposit:${id}:${key}`,
      debit: { kind: "clearing", owner: "sandbox" },
      credit: { kind: "user", owner: id },
      amount,
      code: "deposit",
    })),
  );
}

export interface TestBet {
  userId: string;
  marketId: string;
  outcome: string;
  stake: number;
  /** Commit time; default now. */
  placedAt?: Date;
}

/** Places bets as rows with their holds (set-based); their ids in order. */
export async function placeBets(
  sql: SqlOrTx,
  ledger: Ledger,
  bets: readonly TestBet[],
): Promise<string[]> {
  const ids = bets.map(() => crypto.randomUUID());
  for (let i = 0; i < bets.length; i += 1000) {
    const chunk = bets.slice(i, i + 1000);
    for (const [j, b] of chunk.entries()) {
      await ledger.hold(sql, {
        id: `stake:${ids[i + j]}`,
        debit: { kind: "user", owner: b.userId },
        credit: { kind: "escrow", owner: b.marketId },
        amount: b.stake,
        code: "stake",
        marketId: b.marketId,
        betId: ids[i + j],
      });
    }
    const rows = chunk.map((b, j) => ({
      id: ids[i + j],
      user_id: b.userId,
      market_id: b.marketId,
      outcome: b.outcome,
      stake: b.stake,
      currency: ledger.currency,
      market_version: 1,
      idempotency_key: `test-key-${ids[i + j]}`,
      request_digest: "test",
      hold_id: `stake:${ids[i + j]}`,
      placed_at: b.placedAt ?? new Date(),
    }));
    await sql`insert into bets ${sql(rows)}`;
  }
  return ids;
}

/** A user's wallet as the ledger reads it. */
export async function available(sql: SqlOrTx, ledger: Ledger, userId: string): Promise<number> {
  return (await ledger.balance(sql, userId)).available;
}

/** Posted balance of a system account (escrow of a market, takeout, breakage, house). */
export async function posted(
  sql: SqlOrTx,
  ledger: Ledger,
  kind: "escrow" | "takeout" | "breakage" | "house",
  owner = "",
): Promise<{ posted: number; pending: number }> {
  return await ledger.accountBalance(sql, { kind, owner });
}

export interface BetState {
  state: string;
  payout: number | null;
  void_reason: string | null;
}

/** Bets' states by id. */
export async function betStates(sql: SqlOrTx, ids: readonly string[]): Promise<BetState[]> {
  const rows = await sql<(BetState & { id: string; payout: string | null })[]>`
    select id, state, payout, void_reason from bets where id = any(${ids as string[]}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id)!;
    return {
      state: r.state,
      payout: r.payout === null ? null : Number(r.payout),
      void_reason: r.void_reason,
    };
  });
}

/** The market row's settlement columns. */
export async function marketState(sql: SqlOrTx, id: string) {
  const [m] = await sql<
    {
      state: string;
      result: string | null;
      determinations: number;
      version: number;
      void_reason: string | null;
      review_reason: string | null;
      shot_id: string | null;
    }[]
  >`select state, result, determinations, version, void_reason, review_reason, shot_id
    from markets where id = ${id}`;
  return m;
}

/** Every transfer's id (to check nothing was written twice). */
export async function transferIds(sql: SqlOrTx): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`select id from ledger_transfers order by id`;
  return rows.map((r) => r.id);
}
