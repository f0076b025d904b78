/**
 * The responsible-play guard every money path calls on the server (see
 * server/responsible/checks.ts for the rules).
 */
export { assertMayBet, assertMayDeposit, assertMayWithdraw } from "../responsible/checks.ts";
