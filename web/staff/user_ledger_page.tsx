import { useEffect, useMemo } from "preact/hooks";
import { formatMoney, formatSigned } from "../betting/money.ts";
import { BackIcon } from "../components/icons.tsx";
import { formatTime } from "./format.ts";
import { UserLedgerModel } from "./ledger_model.ts";
import { MoreButton } from "./paged_list_view.tsx";
import type { StaffApi } from "./staff_api.ts";

/** One bettor's wallet and every transaction of it, newest first (staff and admins). */
export function UserLedgerPage(
  { userId, staffApi }: { userId: string; staffApi: Pick<StaffApi, "userLedger"> },
) {
  const model = useMemo(() => new UserLedgerModel(userId, staffApi), [userId, staffApi]);
  useEffect(() => {
    document.title = "Bettor's ledger · Console · Lanecast";
    void model.list.reload();
  }, [model]);

  const wallet = model.wallet.value;
  const user = model.user.value;
  const items = model.list.items.value;

  return (
    <section class="page">
      <a class="back-link" href="/staff/users">
        <BackIcon size={16} /> Users
      </a>
      <header class="page-head">
        <h1 class="page-head__title">
          Bettor's ledger
          {wallet?.demo && <span class="badge badge--review">Demo money</span>}
        </h1>
        <p class="page-head__lede">
          Every transfer in and out of this wallet, newest first: deposits, stakes held and
          released, payouts, refunds and clawbacks.{" "}
          {user ? `${user.displayName} · ${user.email}` : <code>{userId}</code>}
        </p>
      </header>
      {model.list.error.value && <p class="notice" role="alert">{model.list.error}</p>}
      {wallet && (
        <dl class="health wallet-summary" data-testid="wallet">
          <div class="health__row">
            <dt>Available</dt>
            <dd>{formatMoney(wallet.available, wallet.currency)}</dd>
          </div>
          <div class="health__row">
            <dt>Held for open bets</dt>
            <dd>{formatMoney(wallet.pending, wallet.currency)}</dd>
          </div>
          <div class="health__row">
            <dt>Balance</dt>
            <dd>{formatMoney(wallet.balance, wallet.currency)}</dd>
          </div>
        </dl>
      )}
      {items && items.length === 0 && <p class="muted">No transactions yet.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap panel">
          <table class="table ledger">
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col" class="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} data-kind={t.kind} data-state={t.state}>
                  <td>
                    <div class="ledger__what">
                      <strong>{t.description}</strong>
                      <span class="ledger__meta">
                        <span class="status-tag" data-status={t.state}>{t.state}</span>
                        <span class="muted nowrap">{formatTime(t.createdAt, true)}</span>
                        <code>{t.id}</code>
                      </span>
                    </div>
                  </td>
                  <td class="num nowrap" data-sign={Math.sign(t.amount)}>
                    {formatSigned(t.amount, t.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={model.list}>Older transactions</MoreButton>
    </section>
  );
}
