/** Markets and confidences as the console shows them (money: web/betting/money.ts). Pure. */
import type { Market, MarketKind, MarketState } from "../../core/markets.ts";

const KIND_LABELS: Record<MarketKind, string> = {
  strike: "Strike",
  spare: "Spare",
  "pins-over-under": "Pins over/under",
  "speed-over-under": "Speed over/under",
};

/** "Strike", "Pins over/under", … */
export function kindLabel(kind: MarketKind): string {
  return KIND_LABELS[kind] ?? kind;
}

/** The market's line with its unit ("7.5 pins", "15.5 mph"); "" when it has none. */
export function lineLabel(market: Pick<Market, "kind" | "line">): string {
  if (market.line === undefined || market.line === null) return "";
  return market.kind === "speed-over-under" ? `${market.line} mph` : `${market.line} pins`;
}

/** Whose ball and which: "Ada · frame 3, ball 1". */
export function ballLabel(ball: Market["ball"]): string {
  return `${ball.bowler.name} · frame ${ball.frame}, ball ${ball.ball}`;
}

/** The winning outcome's label ("Yes", "Over"), "Void" or "—" while undetermined. */
export function resultLabel(market: Pick<Market, "result" | "outcomes" | "state">): string {
  if (market.state === "void") return "Void";
  if (market.result === null) return "—";
  return market.outcomes.find((o) => o.key === market.result)?.label ?? market.result;
}

const REVIEW_REASONS: Record<string, string> = {
  unsure: "AI unsure",
  impossible_ball: "Impossible ball",
  no_session: "No session",
};

/** Why a shot waits for staff, for people: "AI unsure", else the server's code. */
export function reviewReasonLabel(reason: string): string {
  return REVIEW_REASONS[reason] ?? reason.replaceAll("_", " ");
}

/** A confidence 0–1 as a whole percentage ("87 %"); "—" when unknown. */
export function formatPercent(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? "—" : `${Math.round(value * 100)} %`;
}

/** Markets still in play (money held, result not final) come first. */
const STATE_ORDER: Record<MarketState, number> = {
  open: 0,
  suspended: 1,
  disputed: 2,
  determined: 3,
  finalized: 4,
  void: 5,
};

/** The states in that order, for the console's filter (core/markets.ts is not bundled: zod). */
export const MARKET_STATES_SHOWN = Object.keys(STATE_ORDER) as MarketState[];

/**
 * Markets in the order the console lists them: in play first, then the
 * newest first, then by bowler and by kind as the product orders them.
 */
export function sortMarkets(markets: readonly Market[]): Market[] {
  const kinds = Object.keys(KIND_LABELS);
  return [...markets].sort((a, b) =>
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    b.openedAt.localeCompare(a.openedAt) ||
    a.ball.bowler.position - b.ball.bowler.position ||
    kinds.indexOf(a.kind) - kinds.indexOf(b.kind)
  );
}
