import type { ReadonlySignal } from "@preact/signals";
import type { LaneLiveState } from "../../core/lane_phase.ts";
import type { LaneBetting } from "./lane_betting.ts";
import { MarketCard } from "./market_card.tsx";
import { isActive } from "./market_list.ts";
import { DemoTag } from "./money_view.tsx";
import { RecentBets } from "./recent_bets.tsx";
import { startBettingPath } from "./paths.ts";
import type { WalletModel } from "./wallet_model.ts";

export interface BettingPanelProps {
  betting: LaneBetting;
  wallet: WalletModel;
  ai: ReadonlySignal<LaneLiveState | null>;
}

/**
 * Beside (desktop) or under (phone) the lane's video: the open markets with
 * live odds, the bet slip, the bettor's balance and recent bets. Everyone
 * else sees the markets read-only with a "Start betting" call to action.
 */
export function BettingPanel({ betting, wallet, ai }: BettingPanelProps) {
  const viewer = betting.viewer.value;
  const bettor = viewer === "bettor";
  const markets = betting.markets.shown.value;
  const w = wallet.wallet.value;
  return (
    <aside class="live-card bets-panel" aria-label="Betting" data-viewer={viewer}>
      <header class="live-card__head">
        <h2 class="live-card__title">Bet on the next ball</h2>
        {bettor && w
          ? (
            <a class="bets-panel__balance" href="/wallet" data-testid="panel-balance">
              <span class="bets-panel__label">Balance</span>
              <strong>{wallet.availableText}</strong>
              {w.demo && <DemoTag />}
            </a>
          )
          : <DemoTag />}
      </header>
      {!bettor && <Invitation betting={betting} />}
      {betting.error.value && <p class="form__error" role="alert">{betting.error}</p>}
      {betting.loaded.value && !markets.some((m) => isActive(m)) && (
        <p class="bets-panel__empty" data-testid="no-markets">
          No markets open right now. They open when the lane is ready for the next ball.
        </p>
      )}
      {!betting.loaded.value && !betting.error.value && (
        <span class="shimmer shimmer--line" aria-hidden="true" />
      )}
      <div class="bets-panel__markets">
        {markets.map((market) => (
          <MarketCard
            key={market.id}
            market={market}
            ai={ai}
            slip={bettor ? betting.slip : null}
          />
        ))}
      </div>
      {bettor && <RecentBets bets={betting.bets} markets={betting.markets} />}
    </aside>
  );
}

/** Read-only viewers: how to start betting (staff: why they cannot). */
function Invitation({ betting }: { betting: LaneBetting }) {
  const viewer = betting.viewer.value;
  if (viewer === "staff") {
    return <p class="bets-panel__note">Staff and admins may not bet. Markets show read-only.</p>;
  }
  const here = `/lanes/${encodeURIComponent(betting.laneId)}`;
  return (
    <div class="bets-panel__cta">
      <p>Bet on each ball with demo money: strike or not, pins, speed.</p>
      <a
        class="button button--primary button--small"
        href={startBettingPath(here)}
        data-testid="start-betting"
      >
        {viewer === "signedOut" ? "Sign in to bet" : "Start betting"}
      </a>
    </div>
  );
}
