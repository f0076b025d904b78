import { useSignal } from "@preact/signals";
import type { Router } from "../router.ts";
import { staffSessionPath } from "../router.ts";
import { formatTime } from "./format.ts";
import type { LaneSessionsModel } from "./lane_sessions_model.ts";
import { SessionListItem } from "./session_list_item.tsx";

const MAX_BOWLERS = 8;

/** The lane's open session (or a form to open one) and its recent sessions. */
export function LaneSessionsPanel(
  { sessions, router, enabled }: {
    sessions: LaneSessionsModel;
    router: Pick<Router, "navigate">;
    enabled: boolean;
  },
) {
  const names = useSignal<string[]>([""]);
  const list = sessions.sessions.value;
  const open = sessions.open.value;

  async function submit(event: Event) {
    event.preventDefault();
    const sheet = await sessions.openSession(names.value);
    if (sheet) router.navigate(staffSessionPath(sheet.id));
  }

  return (
    <section class="panel" aria-label="Sessions">
      <h2 class="panel__title">Sessions</h2>
      {open
        ? (
          <div class="open-session">
            <p class="panel__text">
              Open since {formatTime(open.openedAt)}: {open.bowlers.map((b) => b.name).join(", ")}
            </p>
            <a class="button button--primary" href={staffSessionPath(open.id)}>Score sheet</a>
          </div>
        )
        : list && (
          <form class="form" onSubmit={submit} aria-label="Open a session">
            <p class="panel__text">
              {enabled
                ? "No session is open. Name the bowlers in order:"
                : "Enable the lane to open a session."}
            </p>
            {enabled && names.value.map((name, i) => (
              <div class="bowler-input" key={i}>
                <span class="bowler-input__n">{i + 1}</span>
                <input
                  class="input"
                  name={`bowler-${i + 1}`}
                  aria-label={`Bowler ${i + 1}`}
                  maxLength={40}
                  value={name}
                  onInput={(e) =>
                    names.value = names.value.map((n, j) => j === i ? e.currentTarget.value : n)}
                />
                {names.value.length > 1 && (
                  <button
                    type="button"
                    class="button button--icon"
                    aria-label={`Remove bowler ${i + 1}`}
                    onClick={() => names.value = names.value.filter((_, j) => j !== i)}
                  >
                    ×
                  </button>
                )}
              </div>
            ))}
            {enabled && (
              <div class="form__actions">
                <button
                  type="button"
                  class="button"
                  disabled={names.value.length >= MAX_BOWLERS}
                  onClick={() => names.value = [...names.value, ""]}
                >
                  + Bowler
                </button>
                <button type="submit" class="button button--primary" disabled={sessions.busy}>
                  Open session
                </button>
              </div>
            )}
          </form>
        )}
      {sessions.error.value && <p class="form__error" role="alert">{sessions.error}</p>}
      {list && list.length > 0 && (
        <ul class="session-list">
          {list.map((s) => <SessionListItem key={s.id} session={s} />)}
        </ul>
      )}
    </section>
  );
}
