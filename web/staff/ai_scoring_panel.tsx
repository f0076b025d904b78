import type { SessionModel } from "./session_model.ts";

/**
 * What the console shows instead of ball entry while the AI scores a live
 * game: who is up, and "Correct a ball" (the ball bowled last, or any ball
 * tapped on the sheet). Entering a ball by hand waits behind the correction.
 */
export function AiScoringPanel({ model }: { model: SessionModel }) {
  const up = model.up.value;
  function correct() {
    if (!model.correctLast()) model.manualOpen.value = true;
  }
  return (
    <section class="panel ai-panel" aria-labelledby="ai-panel-title" data-testid="ai-scoring">
      <h2 class="panel__title" id="ai-panel-title">The AI is scoring this game</h2>
      <p class="panel__text">
        Balls arrive from the camera on their own
        {up && (
          <>
            ; <strong data-testid="up-now">{up.name}</strong> is up, frame {up.frame}, ball{" "}
            {up.ball}
          </>
        )}. If the AI read a ball wrong, correct it: the last ball, or tap any ball on the sheet.
      </p>
      <div class="form__actions">
        <button type="button" class="button button--primary" onClick={correct}>
          Correct a ball
        </button>
      </div>
    </section>
  );
}

/** Under a correction while the AI scores: the way to a ball the AI missed altogether. */
export function MissedBallLink({ model }: { model: SessionModel }) {
  if (!model.aiScoring.value || !model.up.value) return null;
  return (
    <p class="panel__text ai-panel__missed">
      The AI missed a ball altogether?{" "}
      <button
        type="button"
        class="link-button"
        onClick={() => {
          model.cancelCorrection();
          model.manualOpen.value = true;
        }}
      >
        Enter it by hand
      </button>
    </p>
  );
}
