import { countPins } from "../../core/pins.ts";
import { PinDeck } from "./pin_deck.tsx";
import type { SessionModel } from "./session_model.ts";

/**
 * Who is up, the rack they face as tappable pins, and the buttons that record
 * the ball. `byHand`: the AI scores this game and staff opened entry for a
 * ball it missed; a button goes back.
 */
export function BallEntry({ model, byHand = false }: { model: SessionModel; byHand?: boolean }) {
  const up = model.up.value;
  if (!up) return null;
  const facing = model.facing.value;
  const fallen = countPins(model.fallen.value & facing);
  const busy = model.busy.value;
  const fullRack = countPins(facing) === 10;
  return (
    <section class="panel ball-entry" aria-label="Enter a ball">
      <h2 class="panel__title">
        <span data-testid="up-now">{up.name}</span>
        <span class="muted">· frame {up.frame}, ball {up.ball}</span>
      </h2>
      <p class="panel__text">
        {byHand
          ? "Entering by hand: only for a ball the AI missed altogether. Tap the pins that fell."
          : "Tap the pins that fell."}
      </p>
      <PinDeck standing={facing} fallen={model.fallen} disabled={busy} />
      <label class="check">
        <input
          type="checkbox"
          checked={model.foul}
          onChange={(e) => model.foul.value = e.currentTarget.checked}
        />
        Foul (the ball scores 0)
      </label>
      <div class="form__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={busy}
          onClick={() => void model.enterBall()}
        >
          Enter ball: {fallen} {fallen === 1 ? "pin" : "pins"}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => void model.allDown()}>
          {fullRack ? "Strike" : "Spare"}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => void model.noneDown()}>
          Miss
        </button>
        {byHand && (
          <button
            type="button"
            class="button"
            onClick={() => model.manualOpen.value = false}
          >
            Back to AI scoring
          </button>
        )}
      </div>
      {model.error.value && <p class="form__error" role="alert">{model.error}</p>}
    </section>
  );
}
