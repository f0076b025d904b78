import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { AuthedFetch } from "../api.ts";
import { formatMoney } from "../betting/money.ts";
import { formatTime } from "./format.ts";
import {
  actionsFor,
  type StaffWithdrawal,
  WITHDRAWAL_FILTERS,
  WithdrawalsModel,
} from "./withdrawals_model.ts";

/**
 * Staff decide withdrawals here: approve (paid out through the providers the
 * money came from), reject with a reason (the hold is released), or mark paid
 * by hand with a reference. Goes inside the console's withdrawals page.
 */
export function WithdrawalsPanel({ fetch }: { fetch: AuthedFetch }) {
  const model = useMemo(() => new WithdrawalsModel(fetch), [fetch]);
  useEffect(() => void model.load(), [model]);
  const items = model.items.value;
  return (
    <div class="withdrawals-panel">
      <form class="money-filters" onSubmit={(e) => (e.preventDefault(), void model.load())}>
        <select
          class="input input--compact"
          aria-label="State"
          name="state"
          value={model.filter}
          onChange={(e) => void model.setFilter(e.currentTarget.value as never)}
        >
          {WITHDRAWAL_FILTERS.map((f) => <option key={f} value={f}>{f || "All states"}</option>)}
        </select>
        <button type="submit" class="button">Refresh</button>
      </form>
      {model.error.value && <p class="notice" role="alert">{model.error}</p>}
      {items?.length === 0 && <p class="muted">No withdrawals here.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap panel">
          <table class="table withdrawals">
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">User</th>
                <th scope="col">Amount</th>
                <th scope="col">State</th>
                <th scope="col">Decide</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => <WithdrawalRow key={w.id} w={w} model={model} />)}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function WithdrawalRow({ w, model }: { w: StaffWithdrawal; model: WithdrawalsModel }) {
  const text = useSignal("");
  const busy = model.busy.value === w.id;
  const actions = actionsFor(w);
  return (
    <tr data-state={w.state} data-id={w.id}>
      <td>{formatTime(w.requestedAt)}</td>
      <td>
        <code>{w.userId.slice(0, 8)}</code>
      </td>
      <td>{formatMoney(w.amount, w.currency)}</td>
      <td>
        <span class="status-tag" data-status={w.state}>{w.state}</span>
        {w.method && <span class="muted">{` ${w.method}`}</span>}
        {w.reference && <code class="muted">{` ${w.reference}`}</code>}
        {w.failure && <span class="muted">{` — ${w.failure}`}</span>}
      </td>
      <td>
        {actions.length > 0 && (
          <form
            class="withdrawal-actions"
            onSubmit={(e) => e.preventDefault()}
          >
            <input
              class="input"
              name="note"
              aria-label="Reason or reference"
              placeholder="Reason (reject) or reference (paid)"
              maxLength={200}
              value={text}
              onInput={(e) => text.value = e.currentTarget.value}
            />
            {actions.includes("approve") && (
              <button
                type="button"
                class="button button--primary"
                disabled={busy}
                onClick={() => void model.approve(w.id)}
              >
                Approve
              </button>
            )}
            {actions.includes("reject") && (
              <button
                type="button"
                class="button"
                disabled={busy || !text.value.trim()}
                onClick={() => void model.reject(w.id, text.value.trim())}
              >
                Reject
              </button>
            )}
            <button
              type="button"
              class="button"
              disabled={busy || !text.value.trim()}
              onClick={() => void model.markPaid(w.id, text.value.trim())}
            >
              Mark paid
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}
