import type { BetSlip } from "./bet_slip.ts";
import { formatMoney, formatOdds, STAKE_PRESETS } from "./money.ts";
import { DemoTag } from "./money_view.tsx";

/** The slip under the picked outcome: one tap for a stake, then confirm. */
export function BetSlipView({ slip }: { slip: BetSlip }) {
  const market = slip.market.value;
  const sel = slip.selection.value;
  if (!market || !sel) return null;
  const outcome = market.outcomes.find((o) => o.key === sel.outcome);
  const step = slip.step.value;
  const stake = slip.stake.value;
  const money = (minor: number) => formatMoney(minor, market.currency);
  const estimate = slip.estimate.value;
  const placed = slip.placed.value;
  const closed = step === "suspended" || market.state !== "open";

  return (
    <div class="slip" data-step={step} role="group" aria-label="Bet slip">
      <p class="slip__pick">
        Your pick: <strong>{outcome?.label ?? sel.outcome}</strong>
        {outcome?.odds != null && (
          <>
            {" at "}
            <strong data-testid="slip-odds">{formatOdds(outcome.odds)}</strong>
          </>
        )}
        <DemoTag short />
      </p>
      {step === "placed" && placed
        ? (
          <p class="form__ok" role="status" data-testid="slip-placed">
            Bet placed: {money(placed.stake)} on {outcome?.label ?? placed.outcome}
          </p>
        )
        : (
          <>
            <div class="slip__stakes" role="group" aria-label="Stake">
              {STAKE_PRESETS.map((preset) => (
                <button
                  key={preset}
                  type="button"
                  class="chip slip__stake"
                  aria-pressed={stake === preset}
                  disabled={closed || step === "placing"}
                  onClick={() => slip.chooseStake(preset)}
                >
                  {formatMoney(preset, market.currency).replace(".00", "")}
                </button>
              ))}
            </div>
            {stake !== null && !closed && (
              <p class="slip__estimate">
                {estimate === null
                  ? "No money on the other side yet: if none comes, your stake is returned"
                  : (
                    <>
                      Returns about <strong>{money(estimate)}</strong>{" "}
                      if it wins (odds move until the ball)
                    </>
                  )}
              </p>
            )}
          </>
        )}
      <SlipMessage slip={slip} closed={closed} />
      <div class="slip__actions">
        <button type="button" class="button button--small" onClick={() => slip.cancel()}>
          {step === "placed" || closed ? "Close" : "Cancel"}
        </button>
        {step !== "placed" && !closed && (
          <button
            type="button"
            class="button button--primary button--small"
            data-testid="slip-confirm"
            disabled={stake === null || step === "placing" || step === "insufficient"}
            onClick={() => void slip.confirm()}
          >
            {step === "placing"
              ? "Placing…"
              : stake === null
              ? "Choose a stake"
              : step === "stale"
              ? `Confirm again: ${money(stake)}`
              : `Bet ${money(stake)}`}
          </button>
        )}
      </div>
    </div>
  );
}

function SlipMessage({ slip, closed }: { slip: BetSlip; closed: boolean }) {
  const step = slip.step.value;
  if (step === "placed") return null;
  const message = slip.message.value ?? (closed ? "Betting on this ball has closed" : null);
  if (!message) return null;
  if (step === "insufficient") {
    return (
      <p class="form__error" role="alert" data-testid="slip-message">
        {message}. <a class="slip__link" href="/wallet">Add demo money in your wallet</a>
      </p>
    );
  }
  const tone = step === "stale" || closed ? "form__hint" : "form__error";
  return <p class={tone} role="alert" data-testid="slip-message">{message}</p>;
}
