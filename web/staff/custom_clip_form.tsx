import { useSignal } from "@preact/signals";
import type { Highlight } from "../../core/clips.ts";
import { type AuthedFetch, describeError, requestJson } from "../api.ts";

/** Seconds back a custom clip may reach (the SFU keeps REPLAY_BUFFER_S, 60 by default). */
const CHOICES = [5, 10, 20, 30];

/**
 * Staff cut a clip of the lane's last seconds (still in the SFU's replay
 * buffer) with a label; it joins the highlights once cut.
 */
export function CustomClipForm({ laneId, fetch }: { laneId: string; fetch: AuthedFetch }) {
  const seconds = useSignal(10);
  const label = useSignal("");
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const made = useSignal<Highlight | null>(null);

  async function cut(event: Event) {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    const toMs = Date.now() - 500;
    try {
      made.value = await requestJson<Highlight>(
        fetch,
        `/api/staff/lanes/${encodeURIComponent(laneId)}/clips`,
        {
          method: "POST",
          body: {
            fromMs: toMs - seconds.value * 1000,
            toMs,
            ...(label.value.trim() ? { label: label.value.trim() } : {}),
          },
        },
      );
    } catch (e) {
      error.value = describeError(e);
    } finally {
      busy.value = false;
    }
  }

  return (
    <section class="panel" aria-label="Cut a clip">
      <h2 class="panel__title">Cut a clip</h2>
      <p class="panel__text">The lane's last seconds, kept as a highlight.</p>
      <form class="share-dialog__row" onSubmit={cut}>
        <select
          aria-label="Length"
          value={seconds.value}
          onChange={(e) => seconds.value = Number(e.currentTarget.value)}
        >
          {CHOICES.map((s) => <option key={s} value={s}>Last {s} s</option>)}
        </select>
        <input
          name="label"
          placeholder="Label (optional)"
          maxLength={200}
          value={label.value}
          onInput={(e) => label.value = e.currentTarget.value}
        />
        <button type="submit" class="button button--primary" disabled={busy.value}>
          Cut clip
        </button>
      </form>
      {error.value && <p class="form__error" role="alert">{error}</p>}
      {made.value && (
        <p class="panel__text" role="status">
          Clip queued{made.value.label ? `: ${made.value.label}` : ""}. It appears in the highlights
          once cut.
        </p>
      )}
    </section>
  );
}
