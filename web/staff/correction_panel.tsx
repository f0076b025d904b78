import { countPins } from "../../core/pins.ts";
import { MissedBallLink } from "./ai_scoring_panel.tsx";
import { PinDeck } from "./pin_deck.tsx";
import { ReasonField } from "./reason_field.tsx";
import type { SessionModel } from "./session_model.ts";

/**
 * Correcting the picked ball: the pin picker starts from what the ball reads
 * now (the AI's read for an AI ball), then what fell instead, foul or not,
 * and why (required, shown to spectators and kept in the history).
 */
export function CorrectionPanel({ model }: { model: SessionModel }) {
  const ref = model.correcting.value;
  if (!ref) return null;
  const busy = model.busy.value;
  const fallen = countPins(model.correctionFallen.value & ref.faced);

  function submit(event: Event) {
    event.preventDefault();
    void model.submitCorrection();
  }

  return (
    <form class="panel correction" onSubmit={submit} aria-label="Correct a ball" noValidate>
      <h2 class="panel__title">
        Correct {ref.bowlerName}'s frame {ref.frame}, ball {ref.index}
      </h2>
      <p class="panel__text" data-testid="correction-read">
        {ref.ball.source === "ai" ? "The AI read" : "The sheet says"}:{" "}
        <strong>{describeRead(ref.ball.mark, ref.ball.pins)}</strong>. The pins below start from
        that read: tap the pins to match what really fell. Another ball? Tap it on the sheet.
      </p>
      <PinDeck standing={ref.faced} fallen={model.correctionFallen} disabled={busy} />
      <label class="check">
        <input
          type="checkbox"
          checked={model.correctionFoul}
          onChange={(e) => model.correctionFoul.value = e.currentTarget.checked}
        />
        Foul
      </label>
      <ReasonField
        value={model.correctionReason}
        label="Reason (required; spectators see it)"
        placeholder="e.g. the 10 pin fell late"
        error={model.reasonError.value}
      />
      {model.error.value && <p class="form__error" role="alert">{model.error}</p>}
      <div class="form__actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={busy}
        >
          Save correction: {fallen} {fallen === 1 ? "pin" : "pins"}
        </button>
        <button type="button" class="button" onClick={() => model.cancelCorrection()}>
          Cancel
        </button>
      </div>
      <MissedBallLink model={model} />
    </form>
  );
}

/** "Strike", "Spare", "No pins", "Foul", "7 pins". */
function describeRead(mark: string, pins: number): string {
  if (mark === "X") return "Strike";
  if (mark === "/") return "Spare";
  if (mark === "-") return "No pins";
  if (mark === "F") return "Foul";
  return `${pins} ${pins === 1 ? "pin" : "pins"}`;
}
