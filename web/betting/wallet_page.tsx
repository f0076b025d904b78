import { useEffect } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { MoreButton } from "../staff/paged_list_view.tsx";
import type { WalletTransaction } from "./betting_api.ts";
import { DEPOSIT_PRESETS, formatMoney, formatSigned } from "./money.ts";
import { DemoTag } from "./money_view.tsx";
import { MY_BETS_PATH, startBettingPath, WALLET_PATH } from "./paths.ts";
import type { WalletModel } from "./wallet_model.ts";

/** `/wallet`: balance, demo money to add, and every transaction (paged). */
export function WalletPage({ wallet, auth }: { wallet: WalletModel; auth: AuthSession }) {
  useEffect(() => void (document.title = "Wallet · Lanecast"), []);
  const bettor = auth.user.value?.role === "bettor";
  useEffect(() => {
    if (!bettor) return;
    void wallet.load();
    void wallet.transactions.reload();
  }, [bettor, wallet]);

  if (!bettor) return <NotABettor auth={auth} />;
  const w = wallet.wallet.value;
  return (
    <section class="page wallet-page">
      <header class="page-head">
        <h1 class="page-head__title">Wallet</h1>
        <p class="page-head__lede">
          Sandbox money to try betting with. <DemoTag /> has no value and cannot be withdrawn.{" "}
          <a class="slip__link" href={MY_BETS_PATH}>Your bets</a>
        </p>
      </header>
      <div class="wallet-cols">
        <section class="panel wallet-balance" aria-label="Balance">
          <p class="wallet-balance__label">
            Available to bet <DemoTag />
          </p>
          <p class="wallet-balance__big" data-testid="wallet-available">
            {w ? formatMoney(w.available, w.currency) : "…"}
          </p>
          {w && (
            <p class="wallet-balance__sub">
              {formatMoney(w.pending, w.currency)} held for open bets · total{" "}
              {formatMoney(w.balance, w.currency)}
            </p>
          )}
          <h2 class="panel__title wallet-balance__add">Add demo money</h2>
          <div class="chips">
            {DEPOSIT_PRESETS.map((amount) => (
              <button
                key={amount}
                type="button"
                class="button"
                data-testid={`deposit-${amount}`}
                disabled={wallet.busy}
                onClick={() => void wallet.deposit(amount)}
              >
                + {formatMoney(amount, w?.currency)}
              </button>
            ))}
          </div>
          {wallet.error.value && <p class="form__error" role="alert">{wallet.error}</p>}
        </section>
        <section class="panel wallet-history" aria-label="Transactions">
          <h2 class="panel__title">Transactions</h2>
          <TransactionList wallet={wallet} />
        </section>
      </div>
    </section>
  );
}

function TransactionList({ wallet }: { wallet: WalletModel }) {
  const list = wallet.transactions;
  const items = list.items.value;
  if (items === null) {
    return list.error.value
      ? <p class="form__error" role="alert">{list.error}</p>
      : <span class="shimmer shimmer--line" aria-hidden="true" />;
  }
  if (items.length === 0) return <p class="muted">No transactions yet. Add demo money above.</p>;
  return (
    <>
      <ul class="tx-list">
        {items.map((tx) => <TransactionRow key={tx.id} tx={tx} />)}
      </ul>
      <MoreButton list={list}>Older transactions</MoreButton>
    </>
  );
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function TransactionRow({ tx }: { tx: WalletTransaction }) {
  return (
    <li class="tx" data-kind={tx.kind} data-state={tx.state}>
      <div class="tx__what">
        <span class="tx__desc">{tx.description}</span>
        <span class="tx__when">
          {WHEN.format(new Date(tx.createdAt))}
          {tx.state !== "posted" && <span class="tx__state">{tx.state}</span>}
          {tx.demo && <DemoTag short />}
        </span>
      </div>
      <span class="tx__amount" data-sign={tx.amount >= 0 ? "in" : "out"}>
        {formatSigned(tx.amount, tx.currency)}
      </span>
    </li>
  );
}

/** Signed out, spectator or staff: the wallet is for bettors. */
export function NotABettor({ auth }: { auth: AuthSession }) {
  const role = auth.user.value?.role;
  if (auth.status.value === "restoring") {
    return <span class="shimmer shimmer--line" aria-hidden="true" />;
  }
  return (
    <section class="auth-card">
      <h1 class="auth-card__title">For bettors</h1>
      <p class="auth-card__lede">
        {role === "staff" || role === "admin"
          ? "Staff and admins may not bet, so they have no wallet."
          : "Your wallet and bets show here once you start betting."}
      </p>
      {role !== "staff" && role !== "admin" && (
        <a class="button button--primary" href={startBettingPath(WALLET_PATH)}>Start betting</a>
      )}
    </section>
  );
}
