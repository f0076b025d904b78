import { useSignal } from "@preact/signals";
import { formatMoney } from "../betting/money.ts";
import { MoneyError } from "./deposit_panel.tsx";
import {
  EXCLUSION_CHOICES,
  LIMIT_LABEL,
  type LimitsModel,
  type Pause,
  TIME_OUT_DAYS,
} from "./limits_model.ts";
import { LIMIT_KEYS, type LimitKey } from "./money_api.ts";

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string) => WHEN.format(new Date(iso));

/** Limits, time-out and self-exclusion. */
export function LimitsPanel({ model, currency }: { model: LimitsModel; currency?: string }) {
  if (model.unavailable.value) {
    return <p class="notice">Limits and self-exclusion are not available on this server yet.</p>;
  }
  const data = model.data.value;
  const pause = model.pause.value;
  return (
    <div class="money-stack">
      <MoneyError model={model} />
      {model.notice.value && <p class="form__ok" role="status">{model.notice}</p>}
      {pause && <PauseNotice pause={pause} />}
      <section class="panel money-panel" aria-label="Limits">
        <h2 class="panel__title">Limits</h2>
        <p class="panel__text">
          Leave a box empty for no limit. Lowering a limit applies at once; raising one only after
          24 hours.
        </p>
        <form
          class="money-form money-limits"
          onSubmit={(e) => {
            e.preventDefault();
            void model.save();
          }}
        >
          {LIMIT_KEYS.map((key) => (
            <LimitField key={key} k={key} model={model} currency={currency} />
          ))}
          <button
            type="submit"
            class="button button--primary button--block"
            disabled={model.busy.value || !data}
            data-testid="limits-save"
          >
            Save limits
          </button>
        </form>
      </section>
      {!pause && <TimeOutForm model={model} />}
      {pause?.kind !== "self-exclusion" && <ExclusionForm model={model} />}
    </div>
  );
}

function LimitField(
  { k, model, currency }: { k: LimitKey; model: LimitsModel; currency?: string },
) {
  const limit = model.data.value?.limits[k] ?? null;
  const id = `limit-${k}`;
  return (
    <div class="field money-limit">
      <label class="field__label" for={id}>{LIMIT_LABEL[k]} ({currency ?? "USD"})</label>
      <input
        id={id}
        class="input"
        name={k}
        inputMode="decimal"
        autoComplete="off"
        placeholder="No limit"
        aria-describedby={`${id}-state`}
        value={model.drafts[k]}
        onInput={(e) => model.drafts[k].value = e.currentTarget.value}
      />
      <span class="money-limit__state" id={`${id}-state`}>
        {limit?.amount != null && (
          <>
            Used {formatMoney(limit.used ?? 0, currency)} of {formatMoney(limit.amount, currency)}.
          </>
        )}
        {limit?.pending && (
          <span class="money-pending" data-testid={`pending-${k}`}>
            {" "}
            {limit.pending.amount === null
              ? "No limit"
              : `Raise to ${formatMoney(limit.pending.amount, currency)}`} from{" "}
            {when(limit.pending.from)}.
          </span>
        )}
      </span>
    </div>
  );
}

function PauseNotice({ pause }: { pause: Pause }) {
  return (
    <p class="notice money-pause" role="status" data-testid="pause-notice">
      {pause.kind === "self-exclusion" ? "You are self-excluded" : "You are taking a time-out"}
      {pause.until ? ` until ${when(pause.until)}` : ""}. Betting and deposits are blocked until
      then.
    </p>
  );
}

function TimeOutForm({ model }: { model: LimitsModel }) {
  return (
    <section class="panel money-panel" aria-label="Time-out">
      <h2 class="panel__title">Take a time-out</h2>
      <p class="panel__text">
        A break of {TIME_OUT_DAYS.min} to {TIME_OUT_DAYS.max}{" "}
        days. No bets or deposits until it ends; it cannot be ended early.
      </p>
      <form
        class="money-form money-row"
        onSubmit={(e) => {
          e.preventDefault();
          void model.timeOut();
        }}
      >
        <label class="field">
          <span class="field__label">Days</span>
          <input
            class="input"
            type="number"
            name="timeOutDays"
            min={TIME_OUT_DAYS.min}
            max={TIME_OUT_DAYS.max}
            step={1}
            value={model.timeOutDays}
            onInput={(e) => model.timeOutDays.value = e.currentTarget.value}
          />
        </label>
        <button type="submit" class="button" disabled={model.busy.value}>Start time-out</button>
      </form>
    </section>
  );
}

function ExclusionForm({ model }: { model: LimitsModel }) {
  const asking = useSignal(false);
  const choice = EXCLUSION_CHOICES.find((c) => c.days === model.exclusionDays.value);
  return (
    <section class="panel money-panel money-exclusion" aria-label="Self-exclusion">
      <h2 class="panel__title">Self-exclusion</h2>
      <p class="panel__text">
        Stop betting for 6 months to 5 years. <strong>It cannot be undone or shortened</strong>{" "}
        — not by you, not by staff — until it ends.
      </p>
      <form
        class="money-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!asking.value) asking.value = true;
          else void model.selfExclude();
        }}
      >
        <label class="field">
          <span class="field__label">Length</span>
          <select
            class="input"
            name="exclusionDays"
            value={String(model.exclusionDays.value)}
            onChange={(e) => model.exclusionDays.value = Number(e.currentTarget.value)}
          >
            {EXCLUSION_CHOICES.map((c) => <option key={c.days} value={c.days}>{c.label}</option>)}
          </select>
        </label>
        {asking.value && (
          <div class="money-confirm" role="group" aria-label="Confirm self-exclusion">
            <label class="check">
              <input
                type="checkbox"
                name="understood"
                checked={model.understood}
                onChange={(e) =>
                  model.understood.value = e.currentTarget.checked}
              />
              I understand I cannot bet or deposit for {choice?.label ?? "this time"}{" "}
              and that this cannot be undone.
            </label>
          </div>
        )}
        <div class="money-actions">
          <button
            type="submit"
            class="button button--danger"
            disabled={model.busy.value || (asking.value && !model.understood.value)}
          >
            {asking.value ? `Exclude me for ${choice?.label ?? ""}` : "Self-exclude…"}
          </button>
          {asking.value && (
            <button
              type="button"
              class="button"
              onClick={() => {
                asking.value = false;
                model.understood.value = false;
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
