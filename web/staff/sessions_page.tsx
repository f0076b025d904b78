import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { describeError } from "../api.ts";
import { SessionListItem } from "./session_list_item.tsx";
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
          {list.map((s) => <SessionListItem key={s.id} session={s} showLane />)}
        </ul>
      )}
    </section>
  );
}
