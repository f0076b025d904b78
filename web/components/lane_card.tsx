import type { Api, LaneSummary } from "../api.ts";
import { lanePath } from "../router.ts";
import { LaneArt } from "./icons.tsx";
import { LaneMark } from "./lane_mark.tsx";
import { LanePreview } from "./lane_preview.tsx";
import { LiveBadge } from "./live_badge.tsx";

/** One lane in the grid: a live thumbnail (or lane artwork when offline) and its name. */
export function LaneCard({ lane, api }: { lane: LaneSummary; api: Pick<Api, "watchLane"> }) {
  return (
    <li class="lane-card" data-live={lane.live}>
      <a class="lane-card__link" href={lanePath(lane.id)} aria-label={`Watch ${lane.name}`}>
        <div class="lane-card__media">
          {lane.live
            ? <LanePreview laneId={lane.id} api={api} />
            : <LaneArt class="lane-card__art" />}
          <div class="lane-card__badge">
            <LiveBadge live={lane.live} />
          </div>
        </div>
        <div class="lane-card__body">
          <LaneMark id={lane.id} />
          <div class="lane-card__text">
            <h2 class="lane-card__name">{lane.name}</h2>
            <p class="lane-card__meta">{lane.live ? "Streaming now" : "No camera right now"}</p>
          </div>
          <span class="lane-card__cta" aria-hidden="true">{lane.live ? "Watch" : "Open"}</span>
        </div>
      </a>
    </li>
  );
}
