/**
 * Markets and bets as the API sends them, for tests of the bettor's screens
 * (unit tests and the fake API of the browser test).
 *
 * @example
 * ```ts
 * const market = makeMarket({ kind: "pins-over-under", line: 7.5 });
 * const bet = makeBet(market, { outcome: "over", stake: 500 });
 * ```
 * @module
 */
import type { Bet, Market, MarketKind } from "../../core/markets.ts";

export const FIXTURE_SESSION_ID = "0e7d4e1b-6f2a-4f3c-8a9b-2c3d4e5f6a7b";
export const FIXTURE_BOWLER_ID = "5b0c8f5e-7a43-4d4e-9d8e-1f4b1c2d3e4f";

const OUTCOMES: Record<MarketKind, [string, string][]> = {
  strike: [["yes", "Yes"], ["no", "No"]],
  spare: [["yes", "Yes"], ["no", "No"]],
  "pins-over-under": [["over", "Over"], ["under", "Under"]],
  "speed-over-under": [["over", "Over"], ["under", "Under"]],
};

let made = 0;

/** A market of lane "1" on frame 3, ball 1 of Ana, open at version 1, empty pools. */
export function makeMarket(
  over: Partial<Omit<Market, "ball">> & { ball?: Partial<Market["ball"]> } = {},
): Market {
  const kind = over.kind ?? "strike";
  const { ball, ...rest } = over;
  return {
    id: `00000000-0000-4000-8000-${String(++made).padStart(12, "0")}`,
    laneId: "1",
    kind,
    state: "open",
    version: 1,
    currency: "USD",
    takeoutBps: 1000,
    totalPool: 0,
    outcomes: OUTCOMES[kind].map(([key, label]) => ({
      key,
      label,
      pool: 0,
      odds: null,
      fairProbability: 0.5,
    })),
    result: null,
    review: null,
    voidReason: null,
    openedAt: "2026-12-07T01:00:00.000Z",
    suspendedAt: null,
    determinedAt: null,
    finalizedAt: null,
    ...rest,
    ball: {
      sessionId: FIXTURE_SESSION_ID,
      frame: 3,
      ball: 1,
      bowler: { id: FIXTURE_BOWLER_ID, name: "Ana", position: 1 },
      standing: 1023,
      ...ball,
    },
  };
}

/** An open bet on `market`. */
export function makeBet(market: Market, over: Partial<Bet> = {}): Bet {
  return {
    id: `10000000-0000-4000-8000-${String(++made).padStart(12, "0")}`,
    marketId: market.id,
    outcome: market.outcomes[0].key,
    stake: 500,
    currency: market.currency,
    state: "open",
    marketVersion: market.version,
    placedAt: "2026-12-07T01:00:05.000Z",
    settledAt: null,
    market: {
      kind: market.kind,
      laneId: market.laneId,
      ...(market.line === undefined ? {} : { line: market.line }),
      state: market.state,
      result: market.result,
      ball: market.ball,
    },
    ...over,
  };
}
