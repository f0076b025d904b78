import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { describeError } from "../api.ts";
import { staffSessionPath } from "../router.ts";
import { formatTime } from "./format.ts";
import type { SessionSummary, StaffApi } from "./staff_api.ts";

/** Recent sessions on every lane, newest first. */
export function SessionsPage({ staffApi }: { staffApi: Pick<StaffApi, "listSessions"> }) {
  const sessions = useSignal<SessionSummary[] | null>(null);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    document.title = "Sessions · Console · Lanecast";
    staffApi.listSessions({ limit: 50 }).then(
      (list) => sessions.value = list,
      (e) => error.value = describeError(e),
    );
  }, [staffApi]);
  const list = sessions.value;
  return (
    <section class="page">
      <header class="page-head">
        <h1 class="page-head__title">Sessions</h1>
        <p class="page-head__lede">Open a session from a lane's page.</p>
      </header>
      {error.value && <p class="notice" role="alert">{error}</p>}
      {list && list.length === 0 && <p class="muted">No sessions yet.</p>}
      {list && list.length > 0 && (
        <ul class="session-list panel">
          {list.map((s) => (
            <li key={s.id}>
              <a class="session-list__item" href={staffSessionPath(s.id)}>
                <span class="session-list__when">Lane {s.laneId} · {formatTime(s.openedAt)}</span>
                <span class="session-list__who">
                  {s.bowlers.map((b) => `${b.name} ${b.total}`).join(" · ")}
                </span>
                <span class="status-tag" data-status={s.status}>{s.status}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
