import { useSignal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { Router } from "../router.ts";
import { staffLanePath } from "../router.ts";
import { FormError, TextField } from "../components/form_field.tsx";
import { CameraSourceFields } from "./camera_source_fields.tsx";
import type { StaffLanesModel } from "./lanes_model.ts";
import type { SourceKind } from "./staff_api.ts";

/** "Add lane": name, optional id, camera source. Opens the new lane's page when done. */
export function NewLaneForm(
  { lanes, router }: { lanes: StaffLanesModel; router: Pick<Router, "navigate"> },
) {
  const open = useSignal(false);
  const name = useSignal("");
  const id = useSignal("");
  const kind = useSignal<SourceKind>("whip");
  const url = useSignal("");
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  if (!open.value) {
    return (
      <div class="staff-actions">
        <button type="button" class="button button--primary" onClick={() => open.value = true}>
          + Add lane
        </button>
      </div>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      const lane = await lanes.create({
        name: name.value.trim(),
        sourceKind: kind.value,
        ...(id.value.trim() ? { id: id.value.trim() } : {}),
        ...(kind.value === "rtsp" && url.value.trim() ? { sourceUrl: url.value.trim() } : {}),
      });
      open.value = false;
      name.value = id.value = url.value = "";
      router.navigate(staffLanePath(lane.id));
    } catch (e) {
      error.value = describeError(e);
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="panel form form--grid" onSubmit={submit} aria-label="Add lane">
      <h2 class="panel__title">Add a lane</h2>
      <TextField
        label="Name"
        name="name"
        required
        maxLength={100}
        placeholder="Lane 7"
        value={name}
      />
      <TextField
        label="Id (optional)"
        name="id"
        pattern="[a-z0-9][a-z0-9\-]{0,31}"
        placeholder="next free number"
        value={id}
      />
      <CameraSourceFields kind={kind} url={url} />
      <FormError error={error} />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>Create lane</button>
        <button type="button" class="button" onClick={() => open.value = false}>Cancel</button>
      </div>
    </form>
  );
}
