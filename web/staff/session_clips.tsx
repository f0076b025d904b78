import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { Sheet } from "../../core/session_sheet.ts";
import type { AuthedFetch } from "../api.ts";
import { createShareApi } from "../share/share_api.ts";
import { ShotClipPanel } from "./shot_clip_panel.tsx";

/** The session's balls the AI saw, newest first, each opening its clip panel. */
export function SessionClips({ sheet, fetch }: { sheet: Sheet; fetch: AuthedFetch }) {
  const api = useMemo(() => createShareApi(fetch), [fetch]);
  const open = useSignal<string | null>(null);
  const balls = sheet.bowlers.flatMap((b) =>
    b.frames.flatMap((f) =>
      f.balls.map((ball, i) => ({ ball, label: `${b.name} · frame ${f.number}, ball ${i + 1}` }))
    )
  ).filter(({ ball }) => ball.shotId).reverse();
  return (
    <section class="panel session-clips" aria-label="Shot clips">
      <h2 class="panel__title">Shot clips</h2>
      {balls.length === 0 && <p class="muted">No ball seen by the AI yet.</p>}
      <ul class="session-clips__list">
        {balls.map(({ ball, label }) => (
          <li key={ball.shotId} data-shot={ball.shotId}>
            <div class="session-clips__row">
              <span>
                <strong>{ball.mark}</strong> {label}
                {ball.clip?.kept && <span class="badge badge--ai">Highlight</span>}
              </span>
              <button
                type="button"
                class="button button--small"
                aria-expanded={open.value === ball.shotId}
                onClick={() => open.value = open.value === ball.shotId ? null : ball.shotId}
              >
                {open.value === ball.shotId ? "Hide clip" : "Clip"}
              </button>
            </div>
            {open.value === ball.shotId && <ShotClipPanel shotId={ball.shotId!} api={api} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
