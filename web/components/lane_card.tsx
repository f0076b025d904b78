import type { Api, LaneSummary } from "../api.ts";
import { gameLine, viewersText } from "../lane_tile_text.ts";
import { lanePath } from "../router.ts";
import { LaneArt } from "./icons.tsx";
import { LaneMark } from "./lane_mark.tsx";
import { LanePreview } from "./lane_preview.tsx";
import { LaneTileGame } from "./lane_tile_game.tsx";
import { LiveBadge } from "./live_badge.tsx";

/**
 * One lane in the grid: a live thumbnail (or lane artwork when offline), how
 * many watch, and the open game: bowlers, frame, scores and the last ball.
 * The lane's name is the link, stretched over the whole tile (one big target);
 * the rest of the tile describes it.
 */
export function LaneCard({ lane, api }: { lane: LaneSummary; api: Pick<Api, "watchLane"> }) {
  const id = `lane-tile-${lane.id}`;
  const watching = viewersText(lane.viewers);
  const game = lane.game && lane.game.bowlers.length > 0 ? lane.game : null;
  const about = [`${id}-status`, watching && `${id}-viewers`, game && `${id}-game`]
    .filter(Boolean).join(" ");
  return (
    <li class="lane-card lane-tile" data-live={lane.live} data-game={game !== null}>
      <div class="lane-tile__inner">
        <div class="lane-card__media">
          {lane.live
            ? <LanePreview laneId={lane.id} api={api} />
            : <LaneArt class="lane-card__art" />}
          <div class="lane-card__badge">
            <LiveBadge live={lane.live} />
          </div>
          {watching && (
            <span class="lane-tile__viewers" id={`${id}-viewers`}>
              <EyeIcon />
              {watching}
            </span>
          )}
        </div>
        <div class="lane-card__body">
          <LaneMark id={lane.id} />
          <div class="lane-card__text">
            <h2 class="lane-card__name">
              <a class="lane-tile__link" href={lanePath(lane.id)} aria-describedby={about}>
                {lane.name}
              </a>
            </h2>
            <p class="lane-card__meta" id={`${id}-status`}>{gameLine(lane)}</p>
          </div>
          <span class="lane-card__cta" aria-hidden="true">{lane.live ? "Watch" : "Open"}</span>
        </div>
        {game && <LaneTileGame id={`${id}-game`} game={game} />}
      </div>
    </li>
  );
}

function EyeIcon() {
  return (
    <svg
      class="lane-tile__eye"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      aria-hidden="true"
    >
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
    </svg>
  );
}
