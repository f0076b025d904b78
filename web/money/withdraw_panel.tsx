import { formatMoney } from "../betting/money.ts";
import { MoreButton } from "../staff/paged_list_view.tsx";
import { MoneyError } from "./deposit_panel.tsx";
import type { Withdrawal } from "./money_api.ts";
import { WITHDRAWAL_STATE_TEXT, type WithdrawModel } from "./withdraw_model.ts";

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Withdraw: an amount out of the available balance (held at once), and the requests so far. */
export function WithdrawPanel(
  { model, available, currency, paused }: {
    model: WithdrawModel;
    available: number | null;
    currency?: string;
    /** A time-out or self-exclusion is in force: withdrawing stays open, and says so. */
    paused: boolean;
  },
) {
  const items = model.list.items.value;
  const held = model.held.value;
  if (model.unavailable.value) {
    return <p class="notice">Withdrawals are not available on this server yet.</p>;
  }
  return (
    <div class="money-cols">
      <section class="panel money-panel" aria-label="Withdraw">
        <h2 class="panel__title">Withdraw</h2>
        <p class="panel__text">
          {available !== null && <>Available: {formatMoney(available, currency)}.{" "}</>}
          The amount is held from your wallet at once; staff approve it and it is paid back the way
          you deposited.
        </p>
        {paused && (
          <p class="notice" role="status">
            Betting and deposits are paused, but you can still take your money out.
          </p>
        )}
        <form
          class="money-form"
          onSubmit={(e) => {
            e.preventDefault();
            void model.request();
          }}
        >
          <label class="field">
            <span class="field__label">Amount to withdraw ({currency ?? "USD"})</span>
            <input
              class="input"
              name="withdrawAmount"
              inputMode="decimal"
              autoComplete="off"
              placeholder="e.g. 20"
              value={model.amountText}
              onInput={(e) => model.amountText.value = e.currentTarget.value}
            />
          </label>
          <MoneyError model={model} />
          {model.notice.value && <p class="form__ok" role="status">{model.notice}</p>}
          <button
            type="submit"
            class="button button--primary button--block"
            disabled={model.busy.value}
            data-testid="withdraw-submit"
          >
            Request withdrawal
          </button>
        </form>
      </section>
      <section class="panel money-panel" aria-label="Your withdrawals">
        <h2 class="panel__title">Your withdrawals</h2>
        {held > 0 && (
          <p class="panel__text" data-testid="withdraw-held">
            {formatMoney(held, currency)} held for withdrawals in progress.
          </p>
        )}
        {items === null
          ? model.list.error.value
            ? <p class="form__error" role="alert">{model.list.error}</p>
            : <span class="shimmer shimmer--line" aria-hidden="true" />
          : items.length === 0
          ? <p class="muted">No withdrawals yet.</p>
          : (
            <ul class="tx-list">
              {items.map((w) => <WithdrawalRow key={w.id} w={w} model={model} />)}
            </ul>
          )}
        <MoreButton list={model.list}>Older withdrawals</MoreButton>
      </section>
    </div>
  );
}

function WithdrawalRow({ w, model }: { w: Withdrawal; model: WithdrawModel }) {
  return (
    <li class="tx withdrawal" data-state={w.state} data-testid="withdrawal">
      <div class="tx__what">
        <span class="tx__desc">{WITHDRAWAL_STATE_TEXT[w.state] ?? w.state}</span>
        <span class="tx__when">
          {WHEN.format(new Date(w.requestedAt))}
          {w.reference && ` · ref ${w.reference}`}
        </span>
      </div>
      <span class="withdrawal__end">
        <span class="tx__amount">{formatMoney(w.amount, w.currency)}</span>
        {w.state === "requested" && (
          <button
            type="button"
            class="button button--small"
            disabled={model.busy.value}
            onClick={() => void model.cancel(w.id)}
          >
            Cancel
          </button>
        )}
      </span>
    </li>
  );
}
