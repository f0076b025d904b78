import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { describeError } from "../api.ts";
import { TextField } from "../components/form_field.tsx";
import { CameraSourceFields } from "./camera_source_fields.tsx";
import { HiddenSwitch } from "./hidden_lane.tsx";
import type { StaffLanesModel } from "./lanes_model.ts";
import type { LanePatch, SourceKind, StaffLane } from "./staff_api.ts";

/** Rename, set the camera source, hide from spectators, enable or disable. */
export function LaneSettingsForm({ lane, lanes }: { lane: StaffLane; lanes: StaffLanesModel }) {
  const name = useSignal(lane.name);
  const kind = useSignal<SourceKind>(lane.source);
  const url = useSignal("");
  const busy = useSignal(false);
  const message = useSignal<{ ok: boolean; text: string } | null>(null);
  // Follow changes made elsewhere while nothing is being edited here.
  useEffect(() => {
    if (!busy.peek()) {
      name.value = lane.name;
      kind.value = lane.source;
    }
  }, [lane.name, lane.source]);

  async function apply(patch: LanePatch, done: string) {
    busy.value = true;
    message.value = null;
    try {
      await lanes.update(lane.id, patch);
      message.value = { ok: true, text: done };
      url.value = "";
    } catch (e) {
      message.value = { ok: false, text: describeError(e) };
    } finally {
      busy.value = false;
    }
  }

  function save(event: Event) {
    event.preventDefault();
    const patch: LanePatch = {};
    if (name.value.trim() !== lane.name) patch.name = name.value.trim();
    if (kind.value !== lane.source) patch.sourceKind = kind.value;
    if (kind.value === "rtsp" && url.value.trim()) patch.sourceUrl = url.value.trim();
    if (kind.value !== "rtsp" && lane.sourceUrl) patch.sourceUrl = null;
    if (Object.keys(patch).length === 0) {
      message.value = { ok: true, text: "Nothing to change" };
      return;
    }
    void apply(patch, "Saved");
  }

  return (
    <form class="panel form" onSubmit={save} aria-label="Lane settings">
      <h2 class="panel__title">Settings</h2>
      <TextField
        label="Name"
        name="name"
        required
        maxLength={100}
        value={name}
      />
      <CameraSourceFields kind={kind} url={url} currentUrl={lane.sourceUrl} />
      <HiddenSwitch
        hidden={lane.hidden}
        disabled={busy.value}
        onToggle={(hidden) =>
          void apply(
            { hidden },
            hidden ? "Hidden: only staff see this lane" : "Shown to spectators",
          )}
      />
      {message.value && (
        <p class={message.value.ok ? "form__ok" : "form__error"} role="status">
          {message.value.text}
        </p>
      )}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>Save</button>
        <button
          type="button"
          class="button"
          disabled={busy}
          onClick={() =>
            void apply(
              { enabled: !lane.enabled },
              lane.enabled ? "Disabled: hidden from spectators" : "Enabled",
            )}
        >
          {lane.enabled ? "Disable lane" : "Enable lane"}
        </button>
      </div>
    </form>
  );
}
