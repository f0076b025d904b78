/**
 * A market's life: `open` (taking bets) → `suspended` (the bowler moved; no
 * more bets) → `determined` (a result is known and paid) → `finalized` (the
 * dispute window passed: final). `void` refunds every stake; `disputed` holds
 * a determined market back from finalizing until staff resolve it. `finalized`
 * and `void` are terminal. Every transition bumps the market's `version`
 * (so a bet placed against an older version is refused); money flowing into
 * the pools is not a transition and bumps nothing.
 *
 * @example
 * ```ts
 * import { nextMarketState } from "./market_state.ts";
 *
 * nextMarketState("open", "suspend"); // "suspended"
 * nextMarketState("finalized", "void"); // throws DomainError("market_state")
 * ```
 * @module
 */
import { DomainError } from "./errors.ts";
import type { MarketState } from "./markets.ts";

export const MARKET_ACTIONS = [
  "suspend",
  "reopen",
  "determine",
  "finalize",
  "void",
  "dispute",
  "resolve",
] as const;
/**
 * - `suspend`: open → suspended (approach/release event, or staff).
 * - `reopen`: suspended → open (staff only, e.g. a suspension by mistake; bets
 *   at or after the ball's cutoff are still past-posted).
 * - `determine`: suspended → determined; determined → determined (a
 *   re-determination after a score correction); disputed → determined.
 * - `finalize`: determined → finalized (dispute window passed).
 * - `void`: open | suspended | determined | disputed → void (never finalized).
 * - `dispute`: determined → disputed (staff hold back finalization).
 * - `resolve`: disputed → determined (staff resolve with a result).
 */
export type MarketAction = (typeof MARKET_ACTIONS)[number];

/** For each state, the state each allowed action leads to. */
export const MARKET_TRANSITIONS: Readonly<
  Record<MarketState, Readonly<Partial<Record<MarketAction, MarketState>>>>
> = Object.freeze({
  open: { suspend: "suspended", void: "void" },
  suspended: { reopen: "open", determine: "determined", void: "void" },
  determined: { determine: "determined", finalize: "finalized", dispute: "disputed", void: "void" },
  disputed: { determine: "determined", resolve: "determined", void: "void" },
  finalized: {},
  void: {},
});

/** States no action leaves. */
export const TERMINAL_MARKET_STATES: readonly MarketState[] = ["finalized", "void"];

/** Markets in these states still hold money in escrow or may still take a result. */
export const LIVE_MARKET_STATES: readonly MarketState[] = [
  "open",
  "suspended",
  "determined",
  "disputed",
];

/** Whether `action` is allowed from `state`. */
export function canTransition(state: MarketState, action: MarketAction): boolean {
  return MARKET_TRANSITIONS[state]?.[action] !== undefined;
}

/** The states `action` is allowed from (for a `where state = any(...)` guard). */
export function statesAllowing(action: MarketAction): MarketState[] {
  return (Object.keys(MARKET_TRANSITIONS) as MarketState[]).filter((s) => canTransition(s, action));
}

/**
 * The state `action` leads to from `state`. Throws
 * `DomainError("market_state", 'Cannot finalize a "void" market', { state, action })`
 * when the action is not allowed.
 */
export function nextMarketState(state: MarketState, action: MarketAction): MarketState {
  const next = MARKET_TRANSITIONS[state]?.[action];
  if (next === undefined) {
    throw new DomainError("market_state", `Cannot ${action} a "${state}" market`, {
      state,
      action,
    });
  }
  return next;
}

/** Whether a transition by `action` bumps the version: every transition does. */
export function bumpsVersion(_action: MarketAction): boolean {
  return true;
}
