/**
 * Data access for markets and bets: rows in, the wire's `Market` and `Bet`
 * out (core/markets.ts). A market's pools are the stakes of its non-void bets
 * by outcome, summed when read (no hot counter row serialises bets); its
 * outcomes carry the indicative odds from those pools and the fair
 * probability stored when it opened. No rules here: opening, suspension,
 * bets and settlement are in their own modules. Markets are in
 * market_repo.ts, bets in bet_repo.ts; everyone imports them from here.
 *
 * @example
 * ```ts ignore
 * const market = await getMarket(sql, id);            // Market | null
 * const row = await getMarketRow(tx, id, "update");    // locked, for a state change
 * const bets = await listBets(sql, { userId, status: "open", limit: 20 });
 * ```
 * @module
 */
import { isUuid } from "../sessions/repo.ts";

export { isUuid };
export type { Pools } from "./outcomes.ts";
export * from "./market_repo.ts";
export * from "./bet_repo.ts";
