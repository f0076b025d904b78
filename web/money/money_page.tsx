import { useEffect, useMemo } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { formatMoney } from "../betting/money.ts";
import { DemoTag } from "../betting/money_view.tsx";
import { MY_BETS_PATH } from "../betting/paths.ts";
import { NotABettor, TransactionList } from "../betting/transaction_list.tsx";
import type { WalletModel } from "../betting/wallet_model.ts";
import type { MoneyTab } from "../router.ts";
import { DepositModel } from "./deposit_model.ts";
import { DepositPanel } from "./deposit_panel.tsx";
import { HistoryPanel } from "./history_panel.tsx";
import { LimitsModel } from "./limits_model.ts";
import { LimitsPanel } from "./limits_panel.tsx";
import type { MoneyApi } from "./money_api.ts";
import { WithdrawModel } from "./withdraw_model.ts";
import { TabLinks } from "./tab_links.tsx";
import { WithdrawPanel } from "./withdraw_panel.tsx";

const TABS: { key: MoneyTab; href: string; label: string }[] = [
  { key: "deposit", href: "/wallet", label: "Deposit" },
  { key: "withdraw", href: "/wallet/withdraw", label: "Withdraw" },
  { key: "limits", href: "/wallet/limits", label: "Limits" },
  { key: "history", href: "/wallet/history", label: "History" },
];

export interface MoneyPageProps {
  tab: MoneyTab;
  wallet: WalletModel;
  auth: AuthSession;
  money: MoneyApi;
}

/** `/wallet…`: the bettor's money — balance, deposit, withdraw, limits, history. */
export function MoneyPage({ tab, wallet, auth, money }: MoneyPageProps) {
  const bettor = auth.user.value?.role === "bettor";
  const models = useMemo(() => {
    const refresh = () => void Promise.all([wallet.load(), wallet.transactions.reload()]);
    return {
      deposit: new DepositModel({ api: money, onCredited: refresh }),
      withdraw: new WithdrawModel({ api: money, onChanged: refresh }),
      limits: new LimitsModel({ api: money }),
    };
  }, [money, wallet]);
  const label = TABS.find((t) => t.key === tab)?.label ?? "Money";
  useEffect(() => void (document.title = `${label} · Money · Lanecast`), [label]);
  useEffect(() => {
    if (!bettor) return;
    void wallet.load();
    void wallet.transactions.reload();
    void models.deposit.load();
    void models.limits.load();
    void models.withdraw.load();
    // Back from PayPal's approval page or Stripe's card check: finish that deposit.
    const search = location.search;
    if (search) {
      void models.deposit.resume(search);
      models.deposit.resumeStripe(search);
      history.replaceState(null, "", location.pathname);
    }
  }, [bettor, models]);

  if (!bettor) return <NotABettor auth={auth} />;
  const w = wallet.wallet.value;
  const demo = w?.demo ?? models.deposit.config.value?.demo ?? false;
  const paused = models.limits.pause.value !== null;
  return (
    <section class="page money-page">
      <header class="page-head money-top">
        <div>
          <h1 class="page-head__title">Money</h1>
          <p class="page-head__lede">
            Your wallet, deposits, withdrawals and limits.{" "}
            <a class="slip__link" href={MY_BETS_PATH}>Your bets</a>
          </p>
        </div>
        <div class="money-balance" aria-label="Balance">
          <span class="wallet-balance__label">Available {demo && <DemoTag />}</span>
          <span class="wallet-balance__big money-balance__big" data-testid="wallet-available">
            {w ? formatMoney(w.available, w.currency) : "…"}
          </span>
          {w && (
            <span class="wallet-balance__sub">
              {formatMoney(w.pending, w.currency)} held · total {formatMoney(w.balance, w.currency)}
            </span>
          )}
        </div>
      </header>
      <TabLinks label="Money" tabs={TABS} current={tab} />
      {tab === "deposit" && (
        <div class="money-cols">
          <DepositPanel model={models.deposit} paused={paused} />
          <section class="panel money-panel wallet-history" aria-label="Recent transactions">
            <h2 class="panel__title">Recent transactions</h2>
            <TransactionList wallet={wallet} />
          </section>
        </div>
      )}
      {tab === "withdraw" && (
        <WithdrawPanel
          model={models.withdraw}
          available={w?.available ?? null}
          currency={w?.currency}
          paused={paused}
        />
      )}
      {tab === "limits" && <LimitsPanel model={models.limits} currency={w?.currency} />}
      {tab === "history" && <HistoryPanel wallet={wallet} api={money} />}
    </section>
  );
}
