import { formatMoney } from "../betting/money.ts";
import type { DepositModel } from "./deposit_model.ts";
import type { ProviderName } from "./money_api.ts";
import { StripeCard } from "./stripe_card.tsx";

const PROVIDER_LABEL: Record<ProviderName, string> = {
  sandbox: "Demo money",
  stripe: "Card",
  paypal: "PayPal",
};

/** Deposit: amount (presets or typed), how to pay, then each provider's own step. */
export function DepositPanel(
  { model, paused }: { model: DepositModel; paused: boolean },
) {
  const config = model.config.value;
  const phase = model.phase.value;
  const currency = config?.currency;
  const amount = model.amount.value;

  if (phase.step === "card") {
    return (
      <section class="panel money-panel" aria-label="Deposit">
        <h2 class="panel__title">Pay {formatMoney(phase.deposit.amount, currency)} by card</h2>
        <StripeCard model={model} phase={phase} currency={currency} />
        <MoneyError model={model} />
      </section>
    );
  }
  if (phase.step === "waiting" || phase.step === "capturing" || phase.step === "redirecting") {
    return (
      <section class="panel money-panel" aria-label="Deposit" aria-busy="true">
        <p class="money-wait" role="status" data-testid="deposit-waiting">
          <span class="spinner" aria-hidden="true" />
          {phase.step === "redirecting"
            ? "Approve the payment in the PayPal window, then close it to finish here."
            : phase.step === "capturing"
            ? "Finishing your PayPal payment…"
            : "Payment sent. Waiting for confirmation — your wallet updates when it lands."}
        </p>
        <MoneyError model={model} />
      </section>
    );
  }
  const providers = config?.providers ?? [];
  const provider = model.provider.value;
  return (
    <section class="panel money-panel" aria-label="Deposit">
      <h2 class="panel__title">Deposit</h2>
      {phase.step === "done" && (
        <p class="form__ok" role="status" data-testid="deposit-done">
          {formatMoney(phase.deposit.amount, currency)} added to your wallet
          {phase.deposit.provider === "sandbox" ? " (demo money)." : "."}
        </p>
      )}
      {paused && (
        <p class="notice" role="status">
          Deposits are paused while your time-out or self-exclusion lasts.
        </p>
      )}
      <form
        class="money-form"
        onSubmit={(e) => {
          e.preventDefault();
          void model.start();
        }}
      >
        <fieldset class="money-fieldset" disabled={paused}>
          <legend class="field__label">Amount</legend>
          <div class="chips money-chips">
            {(config?.presets ?? []).map((preset) => (
              <button
                key={preset}
                type="button"
                class="chip money-chip"
                aria-pressed={amount === preset}
                data-testid={`deposit-${preset}`}
                onClick={() => model.choosePreset(preset)}
              >
                {formatMoney(preset, currency)}
              </button>
            ))}
          </div>
          <label class="field">
            <span class="field__label">Other amount ({currency ?? "USD"})</span>
            <input
              class="input"
              name="depositAmount"
              inputMode="decimal"
              autoComplete="off"
              placeholder="e.g. 40 or 12.50"
              value={model.amountText}
              onInput={(e) => model.amountText.value = e.currentTarget.value}
            />
          </label>
        </fieldset>
        {providers.length > 1 && (
          <fieldset class="money-fieldset" disabled={paused}>
            <legend class="field__label">Pay with</legend>
            <div class="money-providers">
              {providers.map((p) => (
                <label key={p} class="money-provider" data-checked={p === provider}>
                  <input
                    type="radio"
                    name="provider"
                    value={p}
                    checked={p === provider}
                    onChange={() =>
                      model.provider.value = p}
                  />
                  {PROVIDER_LABEL[p]}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {provider === "sandbox" && (
          <p class="demo-notice" data-testid="demo-notice">
            <strong>DEMO MONEY</strong>{" "}
            Deposits here add pretend money to try Lanecast with. No card is charged and it has no
            value.
          </p>
        )}
        {provider === "paypal" && (
          <p class="form__hint">You will approve the payment on PayPal's page, then come back.</p>
        )}
        <MoneyError model={model} />
        <button
          type="submit"
          class="button button--primary button--block"
          disabled={paused || model.busy.value || !config}
          data-testid="deposit-submit"
        >
          {model.busy.value
            ? "Starting…"
            : amount
            ? `Deposit ${formatMoney(amount, currency)}`
            : "Deposit"}
        </button>
      </form>
    </section>
  );
}

function MoneyError({ model }: { model: { error: { value: string | null } } }) {
  const error = model.error.value;
  return error ? <p class="form__error" role="alert" data-testid="money-error">{error}</p> : null;
}

export { MoneyError };
