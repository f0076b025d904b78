import { countPins } from "../../core/pins.ts";
import { PinDeck } from "./pin_deck.tsx";
import { ReasonField } from "./reason_field.tsx";
import type { SessionModel } from "./session_model.ts";

/** Correcting the picked ball: what fell instead, foul or not, and why. */
export function CorrectionPanel({ model }: { model: SessionModel }) {
  const ref = model.correcting.value;
  if (!ref) return null;
  const busy = model.busy.value;
  const reason = model.correctionReason.value.trim();
  const fallen = countPins(model.correctionFallen.value & ref.faced);

  function submit(event: Event) {
    event.preventDefault();
    void model.submitCorrection();
  }

  return (
    <form class="panel correction" onSubmit={submit} aria-label="Correct a ball">
      <h2 class="panel__title">
        Correct {ref.bowlerName}'s frame {ref.frame}, ball {ref.index}
      </h2>
      <p class="panel__text">
        Recorded: <strong>{ref.ball.mark}</strong>
        {ref.ball.source === "ai" && " (by the AI)"}. Tap the pins that really fell.
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
        label="Reason (kept in the history)"
        placeholder="e.g. the 10 pin fell late"
      />
      <div class="form__actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={busy || reason.length < 3}
        >
          Save correction: {fallen} {fallen === 1 ? "pin" : "pins"}
        </button>
        <button type="button" class="button" onClick={() => model.cancelCorrection()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
