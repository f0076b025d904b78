import { staffSessionPath } from "../router.ts";
import { formatTime } from "./format.ts";
import type { SessionSummary } from "./staff_api.ts";

/** One session in a list: when it opened (and on which lane), who bowls and their totals, its status. */
export function SessionListItem({ session: s, showLane = false }: {
  session: SessionSummary;
  showLane?: boolean;
}) {
  return (
    <li>
      <a class="session-list__item" href={staffSessionPath(s.id)}>
        <span class="session-list__when">
          {showLane && `Lane ${s.laneId} · `}
          {formatTime(s.openedAt)}
        </span>
        <span class="session-list__who">
          {s.bowlers.map((b) => `${b.name} ${b.total}`).join(" · ")}
        </span>
        <span class="status-tag" data-status={s.status}>{s.status}</span>
      </a>
    </li>
  );
}
