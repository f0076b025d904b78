import { useSignalEffect } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { BackIcon } from "../components/icons.tsx";
import { StageOverlay } from "../components/stage_overlay.tsx";
import { StatusPill } from "../components/status_pill.tsx";
import { useLanePlayer } from "../components/use_lane_player.ts";
import { VideoView } from "../components/video_view.tsx";
import { staffLanePath } from "../router.ts";
import { CalibrationCanvas } from "./calibration_canvas.tsx";
import { CalibrationModel } from "./calibration_model.ts";
import { CalibrationStatus } from "./calibration_status.tsx";
import type { StaffPageProps } from "./console.tsx";
import { TargetPicker } from "./target_picker.tsx";

/** Calibrate a lane: freeze a still from the live video, click the points, check the fit, save. */
export function CalibratePage(props: StaffPageProps & { laneId: string }) {
  const { laneId, lanes, api, staffApi } = props;
  useEffect(() => lanes.retain(), [lanes]);
  const lane = useMemo(() => lanes.lane(laneId), [lanes, laneId]);
  const model = useMemo(() => new CalibrationModel({ laneId, api: staffApi }), [laneId, staffApi]);
  const player = useLanePlayer(laneId, api);
  const stage = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    void model.load(controller.signal);
    return () => controller.abort();
  }, [model]);
  useSignalEffect(() => {
    document.title = `Calibrate ${lane.value?.name ?? `lane ${laneId}`} · Console · Lanecast`;
  });

  function freeze() {
    const video = stage.current?.querySelector("video");
    if (!video || !video.videoWidth) return;
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d")!.drawImage(video, 0, 0);
    model.freeze({ image: canvas, width: canvas.width, height: canvas.height });
  }

  const still = model.still.value;
  const live = player.status.value === "live";
  return (
    <section class="page calibrate">
      <a class="back-link" href={staffLanePath(laneId)}>
        <BackIcon size={16} /> {lane.value?.name ?? `Lane ${laneId}`}
      </a>
      <header class="page-head">
        <h1 class="page-head__title">Calibrate {lane.value?.name ?? `lane ${laneId}`}</h1>
        <p class="page-head__lede">
          Freeze a frame, then click each point where it is on the lane: both ends of the foul line,
          the arrows (at least boards 5, 20 and 35) and the pin spots (at least 1, 7, 10 and one
          more).
        </p>
      </header>
      <div class="calibrate__grid">
        <div class="calibrate__view">
          <div class="stage" ref={stage} hidden={!!still}>
            <VideoView stream={player.stream} class="stage__video" />
            <StageOverlay player={player} />
            <div class="stage__status">
              <StatusPill player={player} />
            </div>
          </div>
          {still && <CalibrationCanvas model={model} />}
          <div class="controls">
            <button
              type="button"
              class="button button--primary"
              disabled={!live}
              onClick={freeze}
            >
              {still ? "Freeze a new frame" : "Freeze frame"}
            </button>
            {still && (
              <button type="button" class="button" onClick={() => model.still.value = null}>
                Back to live video
              </button>
            )}
          </div>
        </div>
        <aside class="calibrate__side">
          <TargetPicker model={model} />
          <CalibrationStatus model={model} />
        </aside>
      </div>
    </section>
  );
}
