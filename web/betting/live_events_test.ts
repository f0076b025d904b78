import assert from "node:assert/strict";
import * as contract from "../../core/markets.ts";
import {
  LIVE_BET_EVENT,
  LIVE_BETS_EVENT,
  LIVE_MARKET_EVENT,
  LIVE_WALLET_EVENT,
} from "./live_events.ts";

Deno.test("the web app's betting event names are the contract's", () => {
  assert.equal(LIVE_MARKET_EVENT, contract.LIVE_MARKET_EVENT);
  assert.equal(LIVE_BET_EVENT, contract.LIVE_BET_EVENT);
  assert.equal(LIVE_BETS_EVENT, contract.LIVE_BETS_EVENT);
  assert.equal(LIVE_WALLET_EVENT, contract.LIVE_WALLET_EVENT);
});
