import { useEffect } from "preact/hooks";
import type { Api } from "../api.ts";
import type { LanesModel } from "../lanes_model.ts";
import { liveFirst } from "../lane_tile_text.ts";
import { LaneArt } from "./icons.tsx";
import { LaneCard } from "./lane_card.tsx";

/**
 * The home page: every lane as a tile, live lanes first (each group in the
 * alley's order). The list polls (web/lanes_model.ts), so tiles follow games live.
 */
export function LaneGrid({ lanes, api }: { lanes: LanesModel; api: Pick<Api, "watchLane"> }) {
  useEffect(() => void (document.title = "Live lanes · Lanecast"), []);
  const list = lanes.lanes.value;

  return (
    <section class="page">
      <header class="page-head">
        <h1 class="page-head__title">Lanes</h1>
        <p class="page-head__lede">
          Pick a lane and watch it live, a split second behind the pins.
        </p>
      </header>
      {lanes.error.value && (
        <p class="notice" role="alert">
          {lanes.error} — retrying
        </p>
      )}
      {list === null ? <Skeleton /> : list.length === 0 ? <Empty /> : (
        <ul class="lane-grid">
          {liveFirst(list).map((lane) => <LaneCard key={lane.id} lane={lane} api={api} />)}
        </ul>
      )}
    </section>
  );
}

function Skeleton() {
  return (
    <ul class="lane-grid" aria-busy="true" aria-label="Loading lanes">
      {[0, 1, 2].map((i) => (
        <li key={i} class="lane-card lane-card--skeleton">
          <div class="lane-card__media shimmer" />
          <div class="lane-card__body">
            <span class="shimmer shimmer--line" />
          </div>
        </li>
      ))}
    </ul>
  );
}

function Empty() {
  return (
    <div class="empty">
      <LaneArt class="empty__art" />
      <h2>No lanes yet</h2>
      <p>Lanes show up here as soon as the alley sets them up.</p>
    </div>
  );
}
