/**
 * Words for markets, pure: the question a market asks, the ball it is on,
 * and the badge that says whether it takes bets — following both the
 * market's own state and what the AI says the lane is doing now (a market
 * the server has not suspended yet shows "Suspended" as soon as the
 * bowler's approach is seen; the server's word still decides).
 *
 * @example
 * ```ts
 * ballLabel(market.ball); // "Frame 4, ball 1 — Ana"
 * marketBadge(market, aiState).text; // "Suspended — bowler on the approach"
 * ```
 * @module
 */
import type { MarketBall, MarketKind, MarketState } from "../../core/markets.ts";
import type { LanePhase } from "../../core/lane_phase.ts";
import { marketTitle as coreMarketTitle, outcomeLabel } from "../../core/market_labels.ts";

/** What a badge needs of a market. */
export interface BadgeMarket {
  state: MarketState;
  result: string | null;
  review: { reason: string } | null;
  openedAt: string;
  outcomes: { key: string; label: string }[];
}

/** What the badge needs of the lane's AI state. */
export interface BadgePhase {
  phase: LanePhase;
  event: { captureTimeMs: number };
}

export type BadgeTone = "open" | "suspended" | "settled" | "void";

export interface MarketBadge {
  tone: BadgeTone;
  text: string;
}

/** "Frame 4, ball 1 — Ana". */
export function ballLabel(ball: Pick<MarketBall, "frame" | "ball" | "bowler">): string {
  return `Frame ${ball.frame}, ball ${ball.ball} — ${ball.bowler.name}`;
}

/** The question a market asks: "Strike?", "Pins over/under 7.5" (core/market_labels.ts). */
export function marketTitle(kind: MarketKind, line?: number): string {
  try {
    return coreMarketTitle(kind, line);
  } catch {
    return coreMarketTitle(kind, 0).replace(" 0", ""); // a line-less copy: "Pins over/under"
  }
}

const SUSPENDED_BY_PHASE: Record<LanePhase, string> = {
  approach: "Suspended — bowler on the approach",
  released: "Suspended — ball rolling",
  pinfall: "Suspended — reading the pins",
  "rack-ready": "Suspended",
};

/** Whether the market takes bets now. */
export function isOpen(market: Pick<BadgeMarket, "state">): boolean {
  return market.state === "open";
}

/**
 * The market's badge. An open market shows "Suspended — …" when the AI saw the
 * ball start after the market opened (its `market` event is on its way).
 */
export function marketBadge(market: BadgeMarket, ai: BadgePhase | null): MarketBadge {
  const inPlayNow = ai !== null && ai.phase !== "rack-ready" &&
    ai.event.captureTimeMs > Date.parse(market.openedAt);
  switch (market.state) {
    case "open":
      return inPlayNow
        ? { tone: "suspended", text: SUSPENDED_BY_PHASE[ai!.phase] }
        : { tone: "open", text: "Open" };
    case "suspended":
      if (market.review) return { tone: "suspended", text: "Suspended — result under review" };
      return {
        tone: "suspended",
        text: SUSPENDED_BY_PHASE[ai && inPlayNow ? ai.phase : "approach"],
      };
    case "determined":
      return { tone: "settled", text: `Result: ${resultLabel(market)}` };
    case "finalized":
      return { tone: "settled", text: `Final: ${resultLabel(market)}` };
    case "disputed":
      return { tone: "suspended", text: "Result disputed — payouts held" };
    case "void":
      return { tone: "void", text: "Void — stakes returned" };
  }
}

/** The winning outcome's label, or its key when the market does not list it. */
export function resultLabel(market: Pick<BadgeMarket, "result" | "outcomes">): string {
  if (market.result === null) return "—";
  return market.outcomes.find((o) => o.key === market.result)?.label ?? market.result;
}

/** An outcome's label when the market's own is not at hand: "No strike", "Over 7.5 pins". */
export function betOutcomeLabel(kind: MarketKind, key: string, line?: number): string {
  try {
    return outcomeLabel(kind, key, line);
  } catch {
    return key.charAt(0).toUpperCase() + key.slice(1);
  }
}
