import { useEffect, useMemo } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { formatTime } from "./format.ts";
import { describeViolation, LedgerCheckModel } from "./ledger_model.ts";
import type { StaffApi } from "./staff_api.ts";

/** Admin only: recompute every balance from the transfers and show what, if anything, is wrong. */
export function LedgerPage(
  { staffApi, auth }: { staffApi: Pick<StaffApi, "checkLedger">; auth: AuthSession },
) {
  const model = useMemo(() => new LedgerCheckModel(staffApi), [staffApi]);
  useEffect(() => void (document.title = "Ledger · Console · Lanecast"), []);
  if (!auth.isAdmin.value) {
    return (
      <section class="page">
        <h1 class="page-head__title">Ledger</h1>
        <p class="notice">Only admins check the ledger.</p>
      </section>
    );
  }
  const result = model.result.value;

  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Ledger</h1>
          <p class="page-head__lede">
            The check recomputes every balance from the transfers: every currency sums to zero, no
            wallet's available balance is below zero, every finalized market's escrow is empty. A
            bettor's history is on the Users page.
          </p>
        </div>
        <button
          type="button"
          class="button button--primary"
          disabled={model.running}
          onClick={() => void model.run()}
        >
          {model.running.value ? "Checking…" : "Run the ledger check"}
        </button>
      </header>
      {model.error.value && <p class="notice" role="alert">{model.error}</p>}
      {result && (
        <section
          class="panel ledger-check"
          data-ok={result.ok}
          data-testid="ledger-check"
          aria-live="polite"
        >
          <h2 class="panel__title">
            <span class="status-tag" data-status={result.ok ? "ok" : "bad"}>
              {result.ok ? "OK" : "Violations"}
            </span>
            {result.ok
              ? "Every balance adds up."
              : `${result.violations.length} ${
                result.violations.length === 1 ? "rule is" : "rules are"
              } broken.`}
          </h2>
          <p class="panel__text">Checked {formatTime(model.checkedAt.value, true)}</p>
          {result.violations.length > 0 && (
            <ul class="ledger-check__list">
              {result.violations.map((v, i) => <li key={i}>{describeViolation(v)}</li>)}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}
