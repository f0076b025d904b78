/**
 * The live event names of betting (`market`, `bet`, `bets`, `wallet`), as in
 * core/markets.ts, which the browser bundle may only import types from (it
 * pulls in zod). `live_events_test.ts` checks the two lists agree.
 */
export const LIVE_MARKET_EVENT = "market";
export const LIVE_BET_EVENT = "bet";
export const LIVE_BETS_EVENT = "bets";
export const LIVE_WALLET_EVENT = "wallet";
