import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { ShotClip } from "../../core/clips.ts";
import { describeError } from "../api.ts";
import type { ShareApi, ShareRow } from "../share/share_api.ts";
import { formatTime } from "./format.ts";

const STATE_TEXT: Record<ShotClip["state"], string> = {
  pending: "The clip is being cut…",
  ready: "",
  failed: "No clip: the window had left the replay buffer, or cutting failed.",
  expired: "The clip was removed by retention.",
};

/**
 * A shot's clip for staff: the video, keeping it past retention as a
 * highlight (or letting it go), and the shot's share links with revoking.
 */
export function ShotClipPanel({ shotId, api }: { shotId: string; api: ShareApi }) {
  const clip = useSignal<ShotClip | null>(null);
  const shares = useSignal<ShareRow[]>([]);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const load = useMemo(() => async () => {
    try {
      [clip.value, shares.value] = await Promise.all([api.clip(shotId), api.shares(shotId)]);
    } catch (e) {
      error.value = describeError(e);
    }
  }, [shotId, api]);
  useEffect(() => void load(), [load]);

  const act = async (work: () => Promise<unknown>) => {
    busy.value = true;
    error.value = null;
    try {
      await work();
      await load();
    } catch (e) {
      error.value = describeError(e);
    } finally {
      busy.value = false;
    }
  };

  const c = clip.value;
  const live = shares.value.filter((s) => !s.revokedAt);
  return (
    <div class="shot-clip" data-shot={shotId} data-state={c?.state ?? "loading"}>
      {error.value && <p class="form__error" role="alert">{error}</p>}
      {c?.state === "ready" && c.url
        ? (
          <video
            class="shot-clip__video"
            controls
            muted
            playsinline
            preload="metadata"
            src={c.url}
            poster={c.posterUrl ?? undefined}
          />
        )
        : <p class="muted">{c ? STATE_TEXT[c.state] : "Loading the clip…"}</p>}
      {c && (
        <div class="shot-clip__actions">
          <button
            type="button"
            class="button button--small"
            disabled={busy.value || (c.state !== "ready" && !c.kept)}
            aria-pressed={c.kept}
            onClick={() => act(() => api.keep(shotId, !c.kept))}
          >
            {c.kept ? "★ Highlight (kept) — let go" : "☆ Keep as highlight"}
          </button>
          <span class="muted">
            {live.length} live share {live.length === 1 ? "link" : "links"}
          </span>
        </div>
      )}
      {live.length > 0 && (
        <ul class="shot-clip__shares" aria-label="Share links">
          {live.map((s) => (
            <li key={s.id}>
              <span>Shared {formatTime(s.createdAt)}</span>
              <button
                type="button"
                class="button button--small"
                disabled={busy.value}
                onClick={() => act(() => api.revoke(s.id))}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
