import type { ReadonlySignal } from "@preact/signals";
import type { LaneLiveState } from "../../core/lane_phase.ts";
import type { BetSlip } from "./bet_slip.ts";
import { BetSlipView } from "./bet_slip_view.tsx";
import type { Market } from "./betting_api.ts";
import { ballLabel, isOpen, marketBadge, marketTitle } from "./market_format.ts";
import { formatFair, formatMoney, formatOdds } from "./money.ts";

/** The slip stays under a market until its ball is settled (then the bet shows under "Your bets"). */
const ACTIVE_STATES = new Set<Market["state"]>(["open", "suspended"]);

export interface MarketCardProps {
  market: Market;
  /** The lane's AI state, for the "Suspended — bowler on the approach" badge. */
  ai: ReadonlySignal<LaneLiveState | null>;
  /** The slip, when the viewer may bet; read-only otherwise. */
  slip: BetSlip | null;
}

/** One market: its question, the ball, a state badge, and each outcome with odds and fair chance. */
export function MarketCard({ market, ai, slip }: MarketCardProps) {
  const badge = marketBadge(market, ai.value);
  const selection = slip?.selection.value;
  const picked = selection?.marketId === market.id ? selection.outcome : null;
  const canPick = slip !== null && isOpen(market) && badge.tone === "open";
  if (badge.tone === "settled" || badge.tone === "void") {
    return <SettledMarket market={market} badge={badge.text} tone={badge.tone} />;
  }
  return (
    <article
      class="market"
      data-market={market.id}
      data-kind={market.kind}
      data-state={market.state}
      aria-label={marketTitle(market.kind, market.line)}
    >
      <header class="market__head">
        <div class="market__what">
          <h3 class="market__title">{marketTitle(market.kind, market.line)}</h3>
          <p class="market__ball">{ballLabel(market.ball)}</p>
        </div>
        <span class="market-badge" data-tone={badge.tone} data-testid="market-badge">
          {badge.text}
        </span>
      </header>
      <div class="market__outcomes">
        {market.outcomes.map((o) => {
          const won = market.result === o.key && badge.tone === "settled";
          const body = (
            <>
              <span class="outcome__label">{o.label}</span>
              <span
                class="outcome__odds"
                data-testid="odds"
                data-empty={o.odds === null}
                title={o.odds === null ? "No money on this outcome yet" : "Decimal odds now"}
              >
                {formatOdds(o.odds)}
              </span>
              <span class="outcome__fair">{formatFair(o.fairProbability) || "\u00a0"}</span>
            </>
          );
          return canPick
            ? (
              <button
                type="button"
                class="outcome"
                data-outcome={o.key}
                aria-pressed={picked === o.key}
                onClick={() => slip!.pick(market.id, o.key)}
              >
                {body}
              </button>
            )
            : (
              <div class="outcome outcome--static" data-outcome={o.key} data-won={won}>
                {body}
              </div>
            );
        })}
      </div>
      <p class="market__pool">
        Pool {formatMoney(market.totalPool, market.currency)}
        {market.voidReason && <span>· {market.voidReason}</span>}
      </p>
      {slip && picked !== null && ACTIVE_STATES.has(market.state) && <BetSlipView slip={slip} />}
    </article>
  );
}

/** A settled or void market in one line: the question, the ball, the result. */
function SettledMarket(
  { market, badge, tone }: { market: Market; badge: string; tone: string },
) {
  return (
    <article
      class="market market--done"
      data-market={market.id}
      data-kind={market.kind}
      data-state={market.state}
      aria-label={marketTitle(market.kind, market.line)}
    >
      <div class="market__what">
        <h3 class="market__title">{marketTitle(market.kind, market.line)}</h3>
        <p class="market__ball">{ballLabel(market.ball)}</p>
      </div>
      <span class="market-badge" data-tone={tone} data-testid="market-badge">{badge}</span>
    </article>
  );
}
