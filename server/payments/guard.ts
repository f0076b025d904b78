/**
 * The responsible-play checks every money action passes, server-side, on
 * every path: deposits (each provider, when it starts) and bets.
 * Withdrawals are never refused for an exclusion: a time-out, a
 * self-exclusion or a closed account must not trap the player's money.
 * Throws `self-excluded` (a time-out, self-exclusion or closed account in
 * force), `deposit-limit` (a deposit above what the user's limits leave) and
 * `loss-limit` (a stake that could take the day's loss past its limit). The
 * rules and their queries are in server/responsible/checks.ts; a batch of
 * bets is judged there set-based (`betRefusals`), one statement per batch.
 */
export { assertMayBet, assertMayDeposit } from "../responsible/checks.ts";
