import { useEffect } from "preact/hooks";
import type { StaffPageProps } from "./console.tsx";
import { AiSidecarsPanel } from "./ai_sidecars_panel.tsx";
import { LaneHealthCard } from "./lane_health_card.tsx";
import { NewLaneForm } from "./new_lane_form.tsx";

/** Console home: every lane with a live thumbnail and camera health, adding a lane, the AI sidecars. */
export function LanesPage({ lanes, api, router, staffApi }: StaffPageProps) {
  useEffect(() => lanes.retain(), [lanes]);
  useEffect(() => void (document.title = "Lanes · Console · Lanecast"), []);
  const list = lanes.lanes.value;

  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Lanes</h1>
          <p class="page-head__lede">
            {list ? `${list.length} lanes, ${lanes.liveCount.value} streaming` : "Loading lanes…"}
          </p>
        </div>
      </header>
      {lanes.error.value && <p class="notice" role="alert">{lanes.error} — retrying</p>}
      <NewLaneForm lanes={lanes} router={router} />
      {list && (
        <ul class="lane-grid staff-lanes">
          {list.map((lane) => <LaneHealthCard key={lane.id} lane={lane} api={api} />)}
        </ul>
      )}
      <AiSidecarsPanel staffApi={staffApi} />
    </section>
  );
}
