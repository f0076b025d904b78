import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useMemo } from "preact/hooks";
import type { AuthedFetch } from "../api.ts";
import { formatMoney } from "../betting/money.ts";
import type { Route } from "../router.ts";
import { formatTime } from "./format.ts";
import {
  disputesModel,
  PAYMENT_PROVIDERS,
  PAYMENT_STATES,
  PaymentsModel,
  type StaffMoneyList,
} from "./money_model.ts";
import { MoreButton } from "./paged_list_view.tsx";
import { TabLinks } from "../money/tab_links.tsx";

const SECTIONS: { href: string; label: string; key: Route["name"] }[] = [
  { href: "/staff/payments", label: "Payments", key: "staffPayments" },
  { href: "/staff/withdrawals", label: "Withdrawals", key: "staffWithdrawals" },
  { href: "/staff/disputes", label: "Disputes", key: "staffDisputes" },
];

/** The console's money pages share a title row and a switch between them. */
function MoneyFrame(
  { route, title, lede, children, action }: {
    route: Route["name"];
    title: string;
    lede: string;
    children: ComponentChildren;
    action?: ComponentChildren;
  },
) {
  useEffect(() => void (document.title = `${title} · Console · Lanecast`), [title]);
  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">{title}</h1>
          <p class="page-head__lede">{lede}</p>
        </div>
        {action}
      </header>
      <TabLinks label="Money" tabs={SECTIONS} current={route} />
      {children}
    </section>
  );
}

function ListState<T>({ model, empty, testid }: {
  model: StaffMoneyList<T>;
  empty: string;
  testid: string;
}) {
  if (model.unavailable.value) {
    return <p class="notice" data-testid={testid}>This server does not list these yet.</p>;
  }
  if (model.list.error.value) return <p class="notice" role="alert">{model.list.error}</p>;
  if (model.list.items.value?.length === 0) return <p class="muted">{empty}</p>;
  return null;
}

/** Every deposit through any provider: state, and what was taken back (refunds, disputes, payouts). */
export function PaymentsPage({ fetch }: { fetch: AuthedFetch }) {
  const model = useMemo(() => new PaymentsModel(fetch), [fetch]);
  useEffect(() => void model.list.reload(), [model]);
  const items = model.list.items.value;
  const reload = () => void model.list.reload();
  return (
    <MoneyFrame
      route="staffPayments"
      title="Payments"
      lede="Deposits through every provider, newest first. Refunded counts refunds, lost disputes and withdrawals paid back through the deposit."
      action={
        <form
          class="money-filters"
          onSubmit={(e) => {
            e.preventDefault();
            reload();
          }}
        >
          <FilterSelect
            label="Provider"
            value={model.provider}
            options={PAYMENT_PROVIDERS}
            all="All providers"
            onPick={reload}
          />
          <FilterSelect
            label="State"
            value={model.state}
            options={PAYMENT_STATES}
            all="All states"
            onPick={reload}
          />
        </form>
      }
    >
      <ListState model={model} empty="No payments yet." testid="payments-unavailable" />
      {items && items.length > 0 && (
        <div class="table-wrap panel">
          <table class="table payments">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">User</th>
                <th scope="col">Provider</th>
                <th scope="col" class="num">Amount</th>
                <th scope="col">State</th>
                <th scope="col" class="num">Refunded</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-state={p.state} data-testid="payment-row">
                  <td>{formatTime(p.createdAt)}</td>
                  <td>
                    <a href={`/staff/users/${encodeURIComponent(p.userId)}/ledger`}>
                      {p.userEmail ?? p.userId.slice(0, 8)}
                    </a>
                  </td>
                  <td>
                    {p.provider}
                    {p.providerRef && (
                      <>
                        {" · "}
                        <code class="muted">{p.providerRef}</code>
                      </>
                    )}
                  </td>
                  <td class="num">{formatMoney(p.amount, p.currency)}</td>
                  <td>
                    <span class="status-tag" data-status={STATE_TAG[p.state] ?? p.state}>
                      {p.state}
                    </span>
                  </td>
                  <td class="num">{p.refunded ? formatMoney(p.refunded, p.currency) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={model.list}>Older payments</MoreButton>
    </MoneyFrame>
  );
}

const STATE_TAG: Record<string, string> = {
  succeeded: "ok",
  created: "pending",
  failed: "bad",
  canceled: "void",
};

/** Card disputes (chargebacks) and what they took. */
export function DisputesPage({ fetch }: { fetch: AuthedFetch }) {
  const model = useMemo(() => disputesModel(fetch), [fetch]);
  useEffect(() => void model.list.reload(), [model]);
  const items = model.list.items.value;
  return (
    <MoneyFrame
      route="staffDisputes"
      title="Disputes"
      lede="Chargebacks a card holder opened. The amount comes back from the bettor's wallet; what they no longer have is recorded as debt."
    >
      <ListState model={model} empty="No disputes." testid="disputes-unavailable" />
      {items && items.length > 0 && (
        <div class="table-wrap panel">
          <table class="table disputes">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Payment</th>
                <th scope="col" class="num">Amount</th>
                <th scope="col">State</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="dispute-row">
                  <td>{formatTime(d.createdAt)}</td>
                  <td>
                    <code>{(d.paymentId ?? d.id).slice(0, 12)}</code>
                  </td>
                  <td class="num">{formatMoney(d.amount, d.currency)}</td>
                  <td>
                    <span class="status-tag">{d.state ?? d.status ?? "—"}</span>
                  </td>
                  <td>{d.reason ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={model.list}>Older disputes</MoreButton>
    </MoneyFrame>
  );
}

/**
 * Withdrawals to approve: the place for the approval panel (built with the
 * withdrawals work of issue 15); `children` is that panel.
 */
export function WithdrawalsPage({ children }: { children?: ComponentChildren }) {
  return (
    <MoneyFrame
      route="staffWithdrawals"
      title="Withdrawals"
      lede="Bettors' withdrawal requests: approve to pay out through the provider the money came from, reject to release the hold, or mark paid by hand with a reference."
    >
      {children ?? <p class="muted">The approval panel is not part of this build.</p>}
    </MoneyFrame>
  );
}

/** One filter of a staff list: its options, "" standing for all of them. */
function FilterSelect<T extends string>(
  { label, value, options, all, onPick }: {
    label: string;
    value: Signal<T>;
    options: readonly T[];
    all: string;
    onPick: () => void;
  },
) {
  return (
    <select
      class="input input--compact"
      aria-label={label}
      name={label.toLowerCase()}
      value={value}
      onChange={(e) => {
        value.value = e.currentTarget.value as T;
        onPick();
      }}
    >
      {options.map((o) => <option key={o} value={o}>{o || all}</option>)}
    </select>
  );
}
