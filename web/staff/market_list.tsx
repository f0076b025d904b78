import { formatMoney, formatOdds } from "../betting/money.ts";
import { staffLanePath } from "../router.ts";
import {
  ballLabel,
  formatPercent,
  kindLabel,
  lineLabel,
  resultLabel,
  reviewReasonLabel,
} from "./market_format.ts";
import {
  type MarketAction,
  marketActions,
  type MarketsModel,
  VOID_RESULT,
} from "./markets_model.ts";
import { ReasonField } from "./reason_field.tsx";
import type { Market } from "./staff_api.ts";

const ACTION_LABELS: Record<MarketAction, string> = {
  suspend: "Suspend",
  void: "Void",
  dispute: "Dispute",
  resolve: "Resolve",
};

const REASON_HINTS: Record<Exclude<MarketAction, "suspend">, string> = {
  void: "Every stake is refunded. Why void it?",
  dispute: "Holds the payout back from finalizing. What is in doubt?",
  resolve: "Settles the market again with this result. Why?",
};

/** Market cards with their pools, result and the actions their state allows. */
export function MarketList(
  { model, showLane = false }: { model: MarketsModel; showLane?: boolean },
) {
  const markets = model.sorted.value;
  if (!markets) return <p class="muted">Loading markets…</p>;
  if (markets.length === 0) {
    return <p class="panel__text" data-testid="markets-none">No markets.</p>;
  }
  return (
    <ul class="markets">
      {markets.map((m) => <MarketCard key={m.id} market={m} model={model} showLane={showLane} />)}
    </ul>
  );
}

function MarketCard(
  { market: m, model, showLane }: { market: Market; model: MarketsModel; showLane: boolean },
) {
  const busy = model.busy.value === m.id;
  const dialog = model.dialog.value?.marketId === m.id ? model.dialog.value : null;
  const line = lineLabel(m);

  async function suspend() {
    if (confirm(`Suspend ${kindLabel(m.kind)} on ${ballLabel(m.ball)}? No more bets are taken.`)) {
      await model.suspend(m.id);
    }
  }

  return (
    <li class="market" data-market={m.id} data-kind={m.kind} data-state={m.state}>
      <div class="market__head">
        <div class="market__what">
          <strong class="market__kind">
            {kindLabel(m.kind)}
            {line && <span class="market__line">{line}</span>}
          </strong>
          <span class="muted">
            {showLane && (
              <>
                <a href={staffLanePath(m.laneId)}>Lane {m.laneId}</a>
                {" · "}
              </>
            )}
            {ballLabel(m.ball)}
          </span>
        </div>
        <span class="status-tag" data-status={m.state} data-testid="market-state">{m.state}</span>
      </div>
      <table class="market__outcomes">
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Pool</th>
            <th scope="col">Odds</th>
            <th scope="col">Fair</th>
          </tr>
        </thead>
        <tbody>
          {m.outcomes.map((o) => (
            <tr key={o.key} data-winner={m.result === o.key ? "true" : undefined}>
              <td>{o.label}</td>
              <td>{formatMoney(o.pool, m.currency)}</td>
              <td>{formatOdds(o.odds)}</td>
              <td>{formatPercent(o.fairProbability)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="market__facts">
        <div>
          <dt>Pool</dt>
          <dd>{formatMoney(m.totalPool, m.currency)}</dd>
        </div>
        <div>
          <dt>Result</dt>
          <dd data-testid="market-result">{resultLabel(m)}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>v{m.version}</dd>
        </div>
      </dl>
      {m.review && (
        <p class="market__note">
          Waiting in the <a href="/staff/reviews">review queue</a>:{" "}
          {reviewReasonLabel(m.review.reason)}
        </p>
      )}
      {m.voidReason && <p class="market__note">Void: {m.voidReason}</p>}
      {dialog ? <ReasonForm market={m} model={model} /> : (
        marketActions(m.state).length > 0 && (
          <div class="market__actions">
            {marketActions(m.state).map((action) => (
              <button
                key={action}
                type="button"
                class="button button--small"
                data-action={action}
                disabled={busy}
                onClick={() => action === "suspend" ? void suspend() : model.ask(m.id, action)}
              >
                {ACTION_LABELS[action]}
              </button>
            ))}
          </div>
        )
      )}
    </li>
  );
}

function ReasonForm({ market: m, model }: { market: Market; model: MarketsModel }) {
  const dialog = model.dialog.value!;
  const busy = model.busy.value === m.id;
  return (
    <form
      class="market__form"
      aria-label={`${ACTION_LABELS[dialog.action]} market`}
      onSubmit={(e) => {
        e.preventDefault();
        void model.submit();
      }}
    >
      {dialog.action === "resolve" && (
        <fieldset class="market__results">
          <legend class="field__label">Result</legend>
          {[...m.outcomes.map((o) => [o.key, o.label]), [VOID_RESULT, "Void (refund all)"]].map((
            [key, label],
          ) => (
            <label key={key} class="check">
              <input
                type="radio"
                name={`result-${m.id}`}
                value={key}
                checked={model.result.value === key}
                onChange={() => model.result.value = key}
              />
              {label}
            </label>
          ))}
        </fieldset>
      )}
      <ReasonField
        value={model.reason}
        label={REASON_HINTS[dialog.action]}
        placeholder="Reason (kept in the audit log)"
      />
      <div class="form__actions">
        <button
          type="submit"
          class="button button--primary button--small"
          disabled={busy || !model.canSubmit.value}
        >
          {ACTION_LABELS[dialog.action]} market
        </button>
        <button type="button" class="button button--small" onClick={() => model.cancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
