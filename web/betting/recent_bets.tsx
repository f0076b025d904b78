import type { Bet } from "./betting_api.ts";
import { describeBetState, type LaneBets } from "./bet_list.ts";
import { ballLabel, betOutcomeLabel, marketTitle } from "./market_format.ts";
import type { MarketList } from "./market_list.ts";
import { formatMoney } from "./money.ts";
import { MY_BETS_PATH } from "./paths.ts";

/** The bettor's recent bets on this lane, turning won or lost as their `bet` events arrive. */
export function RecentBets({ bets, markets }: { bets: LaneBets; markets: MarketList }) {
  const list = bets.recent.value;
  return (
    <section class="my-bets" aria-label="Your bets on this lane">
      <header class="my-bets__head">
        <h3 class="my-bets__title">Your bets on this lane</h3>
        <a class="my-bets__all" href={MY_BETS_PATH}>All my bets</a>
      </header>
      {list.length === 0
        ? <p class="bets-panel__empty">Pick an outcome above to place your first bet.</p>
        : (
          <ul class="bet-rows">
            {list.map((bet) => (
              <BetRow
                key={bet.id}
                bet={bet}
                label={outcomeLabel(bet, markets)}
              />
            ))}
          </ul>
        )}
    </section>
  );
}

/** The outcome's label from the market when it is still listed, else its key. */
function outcomeLabel(bet: Bet, markets: MarketList): string {
  const market = markets.get(bet.marketId);
  const label = market?.outcomes.find((o) => o.key === bet.outcome)?.label;
  return label ?? betOutcomeLabel(bet.market.kind, bet.outcome, bet.market.line);
}

/** One bet: what on, the stake, and its state with the payout. */
export function BetRow({ bet, label }: { bet: Bet; label: string }) {
  const state = describeBetState(bet);
  return (
    <li class="bet-row" data-bet={bet.id} data-state={bet.state}>
      <div class="bet-row__what">
        <span class="bet-row__pick">
          {marketTitle(bet.market.kind, bet.market.line)} <strong>{label}</strong>
        </span>
        <span class="bet-row__ball">{ballLabel(bet.market.ball)}</span>
      </div>
      <div class="bet-row__money">
        <span class="bet-row__stake">{formatMoney(bet.stake, bet.currency)}</span>
        <span class="bet-state" data-state={bet.state} data-testid="bet-state">
          {state.label}
        </span>
        {state.detail && <span class="bet-row__detail">{state.detail}</span>}
      </div>
    </li>
  );
}
