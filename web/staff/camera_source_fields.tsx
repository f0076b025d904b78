/** The camera source of a lane: its kind and, for RTSP, the stream URL. */
import type { Signal } from "@preact/signals";
import { TextField } from "../components/form_field.tsx";
import { SOURCE_LABELS } from "./lane_health_card.tsx";
import { SOURCE_KINDS, type SourceKind } from "./staff_api.ts";

export interface CameraSourceFieldsProps {
  kind: Signal<SourceKind>;
  url: Signal<string>;
  /** The URL the lane has now; when set, a new one is optional. */
  currentUrl?: string | null;
}

/** A select of source kinds, then a URL field while the kind is RTSP. */
export function CameraSourceFields({ kind, url, currentUrl }: CameraSourceFieldsProps) {
  return (
    <>
      <label class="field">
        <span class="field__label">Camera source</span>
        <select
          class="input"
          name="sourceKind"
          value={kind}
          onChange={(e) => kind.value = e.currentTarget.value as SourceKind}
        >
          {SOURCE_KINDS.map((k) => <option key={k} value={k}>{SOURCE_LABELS[k]}</option>)}
        </select>
      </label>
      {kind.value === "rtsp" && (
        <TextField
          label={currentUrl
            ? (
              <>
                RTSP URL <span class="muted">(now {currentUrl})</span>
              </>
            )
            : "RTSP URL"}
          name="sourceUrl"
          type="url"
          required={!currentUrl}
          placeholder="rtsp://camera.local:554/stream1"
          value={url}
        />
      )}
    </>
  );
}
