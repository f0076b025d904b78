import { formatMoney, formatSigned } from "../betting/money.ts";
import { formatPlayed, type RealityCheckModel } from "./reality_check_model.ts";

/** The reality check over the bettor's screens: time played and where they stand. */
export function RealityCheckBanner(
  { model, currency }: { model: RealityCheckModel; currency?: string },
) {
  const check = model.shown.value;
  if (!check) return null;
  return (
    <aside
      class="reality-check"
      role="alert"
      aria-label="Reality check"
      data-testid="reality-check"
    >
      <p class="reality-check__text">
        <strong>Reality check:</strong> you have played for {formatPlayed(check.minutes)}. Staked
        {" "}
        {formatMoney(check.staked, currency)}, won {formatMoney(check.won, currency)}, net{" "}
        <span data-sign={check.net >= 0 ? "in" : "out"}>{formatSigned(check.net, currency)}</span>.
      </p>
      <div class="reality-check__actions">
        <button type="button" class="button button--primary" onClick={() => model.dismiss()}>
          Keep playing
        </button>
        <a class="button" href="/wallet/limits" onClick={() => model.dismiss()}>
          Take a break or set limits
        </a>
      </div>
    </aside>
  );
}
