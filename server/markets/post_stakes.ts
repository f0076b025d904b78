/**
 * The `market.stakes` outbox handler: once a market suspends (the bowler is
 * on the approach), no bet can join it, and its stakes go into its escrow
 * whatever the ball does — so they are posted now, in the seconds the ball
 * takes to reach the pins, and settlement at `pinfall` only pays winners.
 * A stake posted here that later turns out past-posted, or whose market is
 * voided, is refunded (the ledger's `returnHolds`). Locks the market row
 * like settlement does, so the two never interleave; a market no longer
 * suspended (settled, voided, or open again) is left alone, so a re-run or a
 * late run does nothing. The market's version then is kept
 * (`stakes_posted_version`): settlement that finds the market still at it
 * knows every stake is posted and skips looking.
 *
 * @example
 * ```ts ignore
 * const handlers = { [MARKET_STAKES]: postStakesHandler({ ledger }) };
 * ```
 * @module
 */
import type { Ledger } from "../ledger/ledger.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { isUuid } from "../sessions/repo.ts";
import { holdIdOf, stakePostIdOf } from "./bet_ids.ts";

export function postStakesHandler(deps: { ledger: Ledger }): OutboxHandler {
  return async (tx, fact) => {
    const marketId = fact.payload.marketId;
    if (typeof marketId !== "string" || !isUuid(marketId)) return;
    const [market] = await tx<{ state: string; version: number }[]>`
      select state, version from markets where id = ${marketId} for update`;
    if (market?.state !== "suspended") return;
    const bets = await tx<{ id: string }[]>`
      select id from bets where market_id = ${marketId} and state = 'open'`;
    await deps.ledger.postHolds(
      tx,
      bets.map((b) => ({ holdId: holdIdOf(b.id), id: stakePostIdOf(b.id) })),
    );
    await tx`
      update markets set stakes_posted_version = ${market.version} where id = ${marketId}`;
  };
}
