/**
 * Market state changes settlement makes, through the one state machine
 * (core/market_state.ts): an `open` market whose ball came without its
 * approach event is suspended on the way.
 * @module
 */
import { type MarketAction, nextMarketState } from "../../core/market_state.ts";
import type { MarketState } from "../../core/markets.ts";

/** The state after `action`, suspending an open market first when the action needs it. */
export function stateAfter(state: MarketState, action: MarketAction): MarketState {
  if (state === "open" && action !== "suspend" && action !== "void") {
    return nextMarketState(nextMarketState(state, "suspend"), action);
  }
  return nextMarketState(state, action);
}
