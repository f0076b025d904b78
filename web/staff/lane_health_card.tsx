import type { Api } from "../api.ts";
import { LaneArt } from "../components/icons.tsx";
import { LaneMark } from "../components/lane_mark.tsx";
import { LanePreview } from "../components/lane_preview.tsx";
import { LiveBadge } from "../components/live_badge.tsx";
import { staffLanePath } from "../router.ts";
import { CameraHealthList } from "./camera_health.tsx";
import { HiddenPill } from "./hidden_lane.tsx";
import type { StaffLane } from "./staff_api.ts";

/** One lane on the console's home: thumbnail, live state and camera figures. */
export function LaneHealthCard({ lane, api }: { lane: StaffLane; api: Pick<Api, "watchLane"> }) {
  const watchable = lane.enabled && lane.camera.live;
  return (
    <li class="lane-card staff-lane" data-live={lane.camera.live} data-enabled={lane.enabled}>
      <a class="lane-card__link" href={staffLanePath(lane.id)}>
        <div class="lane-card__media">
          {watchable
            ? <LanePreview laneId={lane.id} api={api} />
            : <LaneArt class="lane-card__art" />}
          <div class="lane-card__badge">
            {lane.enabled
              ? <LiveBadge live={lane.camera.live} />
              : (
                <span class="pill" data-status="disabled">
                  <span class="pill__dot" aria-hidden="true" />Disabled
                </span>
              )}
            {lane.hidden && <HiddenPill />}
          </div>
        </div>
        <div class="lane-card__body">
          <LaneMark id={lane.id} />
          <div class="lane-card__text">
            <h2 class="lane-card__name">{lane.name}</h2>
            <p class="lane-card__meta">
              {SOURCE_LABELS[lane.source]} · {calibrationLabel(lane.calibration)}
            </p>
          </div>
          <span class="lane-card__cta" aria-hidden="true">Manage</span>
        </div>
      </a>
      <CameraHealthList lane={lane} compact />
    </li>
  );
}

function calibrationLabel(c: StaffLane["calibration"]): string {
  if (!c.calibrated) return "not calibrated";
  if (c.source === "sim-default") return "simulator's calibration";
  return `calibrated (${c.rmsPx?.toFixed(1)} px)`;
}

export const SOURCE_LABELS: Record<StaffLane["source"], string> = {
  sim: "Simulator",
  rtsp: "RTSP camera",
  whip: "WHIP encoder",
  browser: "Browser camera",
};
