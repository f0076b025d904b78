/**
 * Voiding bets, set-based, inside the caller's transaction: the bet rows turn
 * `void` with a reason and their stakes go back through the ledger in one
 * call (a hold still pending is voided, one posted already is refunded: the
 * stake returns to the bettor's available balance either way). A bet that
 * is already settled or void is left alone, so every sweep is safe to repeat.
 *
 * @example
 * ```ts ignore
 * await sql.begin(async (tx) => {
 *   const ids = await voidPastPosted(tx, ledger, [{ marketId, cutoffMs }]);
 * });
 * ```
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { holdIdOf, stakeVoidIdOf } from "./bet_ids.ts";

async function releaseHolds(tx: SqlOrTx, ledger: Ledger, ids: string[]): Promise<string[]> {
  if (ids.length) {
    await ledger.returnHolds(
      tx,
      ids.map((id) => ({ holdId: holdIdOf(id), id: stakeVoidIdOf(id) })),
    );
  }
  return ids;
}

/** Voids every open bet of the markets; returns their ids. */
export async function voidOpenBets(
  tx: SqlOrTx,
  ledger: Ledger,
  marketIds: readonly string[],
  reason: string,
): Promise<string[]> {
  if (!marketIds.length) return [];
  const rows = await tx<{ id: string }[]>`
    update bets set state = 'void', void_reason = ${reason}, settled_at = now()
    where market_id = any(${marketIds as string[]}::uuid[]) and state = 'open'
    returning id`;
  return await releaseHolds(tx, ledger, rows.map((r) => r.id));
}

/**
 * The past-posting sweep: voids (reason `past-posted`) every open bet of each
 * market placed at or after that market's cutoff (core/past_post.ts: placed
 * at or after the cutoff ⇒ past-posted); returns their ids.
 */
export async function voidPastPosted(
  tx: SqlOrTx,
  ledger: Ledger,
  cutoffs: readonly { marketId: string; cutoffMs: number }[],
): Promise<string[]> {
  if (!cutoffs.length) return [];
  const rows = await tx<{ id: string }[]>`
    update bets b set state = 'void', void_reason = 'past-posted', settled_at = now()
    from jsonb_to_recordset(${tx.json(cutoffs as never)}::jsonb)
      as c("marketId" uuid, "cutoffMs" double precision)
    where b.market_id = c."marketId" and b.state = 'open'
      and b.placed_at >= to_timestamp(c."cutoffMs" / 1000.0)
    returning b.id`;
  return await releaseHolds(tx, ledger, rows.map((r) => r.id));
}
