import type { AuthSession } from "../auth/session.ts";
import { MoreButton } from "../staff/paged_list_view.tsx";
import type { WalletTransaction } from "./betting_api.ts";
import { formatSigned } from "./money.ts";
import { DemoTag } from "./money_view.tsx";
import { startBettingPath, WALLET_PATH } from "./paths.ts";
import type { WalletModel } from "./wallet_model.ts";

/** The wallet's transactions, newest first, with "older" to page back. */
export function TransactionList({ wallet }: { wallet: WalletModel }) {
  const list = wallet.transactions;
  const items = list.items.value;
  if (items === null) {
    return list.error.value
      ? <p class="form__error" role="alert">{list.error}</p>
      : <span class="shimmer shimmer--line" aria-hidden="true" />;
  }
  if (items.length === 0) return <p class="muted">No transactions yet.</p>;
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
