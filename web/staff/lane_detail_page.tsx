import { useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { BackIcon } from "../components/icons.tsx";
import { LaneMark } from "../components/lane_mark.tsx";
import { LanePreview } from "../components/lane_preview.tsx";
import { LiveBadge } from "../components/live_badge.tsx";
import { calibratePath } from "../router.ts";
import { CameraHealthList } from "./camera_health.tsx";
import { CameraKeyPanel } from "./camera_key_panel.tsx";
import { CameraSetupPanel } from "./camera_setup_panel.tsx";
import { CheckInQrPanel } from "./check_in_qr_panel.tsx";
import { CustomClipForm } from "./custom_clip_form.tsx";
import type { StaffPageProps } from "./console.tsx";
import { LaneMarketsPanel } from "./lane_markets_panel.tsx";
import { LaneSessionsModel } from "./lane_sessions_model.ts";
import { LaneSessionsPanel } from "./lane_sessions_panel.tsx";
import { LaneSettingsForm } from "./lane_settings_form.tsx";

/**
 * One lane: live view and health (how to connect a camera while offline),
 * settings, camera key, QR code, calibration, sessions and markets.
 */
export function LaneDetailPage(props: StaffPageProps & { laneId: string }) {
  const { laneId, lanes, api, staffApi, router, auth } = props;
  useEffect(() => lanes.retain(), [lanes]);
  const laneSignal = useMemo(() => lanes.lane(laneId), [lanes, laneId]);
  const sessions = useMemo(() => new LaneSessionsModel(laneId, staffApi), [laneId, staffApi]);
  useEffect(() => void sessions.reload(), [sessions]);
  useSignalEffect(() => {
    document.title = `${laneSignal.value?.name ?? `Lane ${laneId}`} · Console · Lanecast`;
  });

  const lane = laneSignal.value;
  if (!lane) {
    return (
      <section class="page">
        <a class="back-link" href="/staff">
          <BackIcon size={16} /> All lanes
        </a>
        {lanes.lanes.value === null
          ? <p class="muted">Loading…</p>
          : <p class="notice" role="alert">Cannot find lane "{laneId}"</p>}
      </section>
    );
  }

  const c = lane.calibration;
  return (
    <section class="page staff-lane-page">
      <a class="back-link" href="/staff">
        <BackIcon size={16} /> All lanes
      </a>
      <header class="lane-head">
        <LaneMark id={lane.id} />
        <h1 class="lane-head__title">{lane.name}</h1>
        {lane.enabled
          ? <LiveBadge live={lane.camera.live} />
          : (
            <span class="pill" data-status="disabled">
              <span class="pill__dot" aria-hidden="true" />Disabled
            </span>
          )}
      </header>

      <div class="staff-cols">
        <div class="staff-col">
          <div class="stage stage--small">
            {lane.enabled && lane.camera.live
              ? <LanePreview laneId={lane.id} api={api} />
              : <p class="stage__empty">No live video</p>}
          </div>
          <CameraHealthList lane={lane} />
          {lane.enabled && !lane.camera.live && <CameraSetupPanel lane={lane} />}
          <LaneSessionsPanel sessions={sessions} router={router} enabled={lane.enabled} />
          <CustomClipForm laneId={lane.id} fetch={auth.fetch} />
        </div>
        <div class="staff-col">
          <LaneSettingsForm lane={lane} lanes={lanes} />
          <section class="panel">
            <h2 class="panel__title">Calibration</h2>
            <p class="panel__text" data-testid="calibration-summary">
              {c.calibrated
                ? `${
                  c.source === "stored" ? "Calibrated" : "Simulator's camera"
                } · ${c.points} points · RMS error ${c.rmsPx?.toFixed(2)} px`
                : "Not calibrated: the AI cannot score this lane yet."}
            </p>
            <a class="button" href={calibratePath(lane.id)}>Calibrate on a still frame</a>
          </section>
          <CameraKeyPanel lane={lane} lanes={lanes} />
          {sessions.open.value
            ? (
              <CheckInQrPanel
                sessionId={sessions.open.value.id}
                laneName={lane.name}
                staffApi={staffApi}
              />
            )
            : (
              <section class="panel" aria-label="Check-in QR code">
                <h2 class="panel__title">Check-in QR code</h2>
                <p class="panel__text" data-testid="check-in-none">
                  No session is open. Once one is, its check-in QR code shows here: bowlers scan it
                  to join that session only.
                </p>
              </section>
            )}
        </div>
      </div>
      <LaneMarketsPanel laneId={lane.id} staffApi={staffApi} auth={auth} />
    </section>
  );
}
