import { useSignal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { StaffLanesModel } from "./lanes_model.ts";
import type { StaffLane } from "./staff_api.ts";

/** Rotates the lane's camera key and shows the new one exactly once. */
export function CameraKeyPanel({ lane, lanes }: { lane: StaffLane; lanes: StaffLanesModel }) {
  const key = useSignal<string | null>(null);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const copied = useSignal(false);

  async function rotate() {
    if (
      lane.hasCameraKey && !confirm("The old key stops working at once. Make a new camera key?")
    ) {
      return;
    }
    busy.value = true;
    error.value = null;
    copied.value = false;
    try {
      key.value = await lanes.rotateCameraKey(lane.id);
    } catch (e) {
      error.value = describeError(e);
    } finally {
      busy.value = false;
    }
  }

  return (
    <section class="panel" id="camera-key" aria-labelledby="camera-key-title">
      <h2 class="panel__title" id="camera-key-title">Camera key</h2>
      <p class="panel__text">
        {lane.hasCameraKey
          ? "This lane has its own key. Its camera presents it to publish."
          : "No key of its own yet; cameras use the alley's global key."}
      </p>
      {key.value && (
        <div class="secret" role="status">
          <p class="secret__warn">Copy it now: it is shown only this once.</p>
          <code class="secret__value" data-testid="camera-key">{key}</code>
          <button
            type="button"
            class="button"
            onClick={() =>
              void navigator.clipboard?.writeText(key.value ?? "").then(() => copied.value = true)}
          >
            {copied.value ? "Copied" : "Copy"}
          </button>
        </div>
      )}
      {error.value && <p class="form__error" role="alert">{error}</p>}
      <button type="button" class="button" disabled={busy} onClick={rotate}>
        {lane.hasCameraKey ? "Rotate camera key" : "Make a camera key"}
      </button>
    </section>
  );
}
