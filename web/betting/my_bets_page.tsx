import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { PagedList } from "../staff/paged_list.ts";
import { MoreButton } from "../staff/paged_list_view.tsx";
import type { Bet, BetFilter, BettingApi } from "./betting_api.ts";
import { betOutcomeLabel } from "./market_format.ts";
import { DemoTag } from "./money_view.tsx";
import { BetRow } from "./recent_bets.tsx";
import { NotABettor } from "./transaction_list.tsx";

const TABS: { filter: BetFilter; label: string }[] = [
  { filter: "open", label: "Open" },
  { filter: "settled", label: "Settled" },
  { filter: "void", label: "Void" },
];

/** Bets per page. */
const PAGE = 20;

/** `/bets`: the caller's bets, open, settled or void, newest first, paged. */
export function MyBetsPage({ api, auth }: { api: Pick<BettingApi, "bets">; auth: AuthSession }) {
  useEffect(() => void (document.title = "My bets · Lanecast"), []);
  const tab = useSignal<BetFilter>("open");
  const list = useMemo(
    () => new PagedList<Bet>((before) => api.bets(tab.peek(), { limit: PAGE, before })),
    [api],
  );
  const bettor = auth.user.value?.role === "bettor";
  useEffect(() => void (bettor && list.reload()), [bettor, list]);
  if (!bettor) return <NotABettor auth={auth} />;

  const choose = (filter: BetFilter) => {
    if (tab.peek() === filter) return;
    tab.value = filter;
    list.items.value = null;
    void list.reload();
  };
  const items = list.items.value;
  return (
    <section class="page my-bets-page">
      <header class="page-head">
        <h1 class="page-head__title">My bets</h1>
        <p class="page-head__lede">
          Every bet you placed, with <DemoTag />.
        </p>
      </header>
      <div class="tabs my-bets-page__tabs" role="tablist" aria-label="Which bets">
        {TABS.map(({ filter, label }) => (
          <button
            key={filter}
            type="button"
            role="tab"
            class="tabs__tab"
            aria-selected={tab.value === filter}
            onClick={() => choose(filter)}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="panel">
        {list.error.value && <p class="form__error" role="alert">{list.error}</p>}
        {items === null && !list.error.value && (
          <span class="shimmer shimmer--line" aria-hidden="true" />
        )}
        {items?.length === 0 && <p class="muted">No {tab.value} bets.</p>}
        {items && items.length > 0 && (
          <ul class="bet-rows">
            {items.map((bet) => (
              <BetRow
                key={bet.id}
                bet={bet}
                label={betOutcomeLabel(bet.market.kind, bet.outcome, bet.market.line)}
              />
            ))}
          </ul>
        )}
        <MoreButton list={list}>Older bets</MoreButton>
      </div>
    </section>
  );
}
