import type { CalibrationModel } from "./calibration_model.ts";

/** What the fit says so far, the saved calibration, and Save. */
export function CalibrationStatus({ model }: { model: CalibrationModel }) {
  const preview = model.preview.value;
  const saved = model.saved.value;
  const still = model.still.value;
  return (
    <div class="panel calib-status">
      {!still && <p class="panel__text">Freeze a frame of the live video to start clicking.</p>}
      {still && preview.kind === "none" && <p class="panel__text">Click the first point.</p>}
      {preview.kind === "problem" && <p class="form__hint" role="status">{preview.message}</p>}
      {preview.kind === "fit" && (
        <p class="calib-status__fit" role="status" data-testid="fit">
          Fit over {preview.fit.points.length} points: RMS error{" "}
          <strong>{preview.fit.rmsPx.toFixed(2)} px</strong>, worst{" "}
          {preview.fit.maxErrorPx.toFixed(2)} px
        </p>
      )}
      {saved && (
        <p class="panel__text" data-testid="saved-calibration">
          {saved.source === "stored" ? "Saved" : "In use: the simulator's camera"} · RMS error{" "}
          {saved.fit.rmsPx.toFixed(2)} px on a {saved.fit.width}×{saved.fit.height} frame
        </p>
      )}
      {model.error.value && <p class="form__error" role="alert">{model.error}</p>}
      <button
        type="button"
        class="button button--primary"
        disabled={preview.kind !== "fit" || model.saving.value || !model.dirty.value}
        onClick={() => void model.save()}
      >
        {model.saving.value ? "Saving…" : "Save calibration"}
      </button>
    </div>
  );
}
