import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { calibratePath, lanePath } from "../router.ts";
import { CameraPublisher } from "./camera_publisher.ts";
import type { StaffPageProps } from "./console.tsx";
import { ScreenWakeLock } from "./wake_lock.ts";
import { publishTrack } from "./whip_link.ts";

/**
 * A phone as a lane camera (`/staff/camera`, `?lane=` picks the lane): pick
 * the lane, go on air with the rear camera, see clearly whether the lane is
 * getting the picture, stop. The screen stays on while it runs.
 */
export function CameraPage({ lanes, staffApi }: StaffPageProps) {
  useEffect(() => lanes.retain(), [lanes]);
  useEffect(() => void (document.title = "Phone camera · Console · Lanecast"), []);
  const wakeLock = useMemo(() => new ScreenWakeLock(), []);
  const publisher = useMemo(
    () =>
      new CameraPublisher({
        grant: (laneId) => staffApi.publishGrant(laneId),
        publish: (track, grant) => publishTrack(track, grant),
        wakeLock,
      }),
    [staffApi, wakeLock],
  );
  useEffect(() => () => void publisher.stop(), [publisher]);

  const chosen = useSignal(new URLSearchParams(location.search).get("lane") ?? "");
  useSignalEffect(() => {
    const list = lanes.lanes.value;
    if (list?.length && !list.some((l) => l.id === chosen.value)) {
      chosen.value = (list.find((l) => l.source !== "sim") ?? list[0]).id;
    }
  });

  const video = useRef<HTMLVideoElement>(null);
  useSignalEffect(() => {
    const stream = publisher.stream.value;
    if (video.current) video.current.srcObject = stream;
  });

  const status = publisher.status.value;
  const running = publisher.running;
  const onAirLane = publisher.laneId.value;
  const list = lanes.lanes.value;
  const laneName = (id: string | null) => list?.find((l) => l.id === id)?.name ?? `Lane ${id}`;

  function start(event: Event) {
    event.preventDefault();
    if (chosen.value) void publisher.start(chosen.value);
  }

  return (
    <section class="page camera-page">
      <header class="page-head">
        <h1 class="page-head__title">Phone camera</h1>
        <p class="page-head__lede">
          Use this phone as a lane's camera: stand it behind the foul line looking down the lane,
          pick the lane and go on air. Keep this page open while it films.
        </p>
      </header>
      <div class="camera">
        <div class="camera__stage" data-status={status}>
          <video
            ref={video}
            class="camera__video"
            muted
            playsInline
            autoPlay
            aria-label="What the camera sends"
            hidden={!publisher.stream.value}
          />
          {!publisher.stream.value && (
            <p class="camera__placeholder">The camera's picture shows here once it is on.</p>
          )}
          <p class="camera__badge" data-status={status} role="status" data-testid="camera-status">
            <span class="camera__dot" aria-hidden="true" />
            {status === "live" ? `On air · ${laneName(onAirLane)}` : publisher.statusLabel}
            {status === "reconnecting" && publisher.attempt.value > 1 &&
              ` (try ${publisher.attempt.value})`}
          </p>
        </div>

        <form class="camera__controls" onSubmit={start}>
          <label class="field">
            <span class="field__label">Lane</span>
            <select
              class="input camera__select"
              name="lane"
              value={chosen.value}
              disabled={running || !list?.length}
              onChange={(e) => chosen.value = (e.currentTarget as HTMLSelectElement).value}
            >
              {!list && <option value="">Loading lanes…</option>}
              {list?.map((lane) => (
                <option key={lane.id} value={lane.id}>
                  {lane.name}
                  {lane.source === "sim" ? " (simulated)" : ""}
                  {lane.camera.live && lane.id !== onAirLane ? " · has a camera" : ""}
                </option>
              ))}
            </select>
          </label>
          {publisher.problem.value && (
            <p class="camera__problem" role="alert">{publisher.problem}</p>
          )}
          <div class="camera__actions">
            {running
              ? (
                <button
                  type="button"
                  class="button button--danger button--block"
                  onClick={() => void publisher.stop()}
                >
                  Stop camera
                </button>
              )
              : (
                <button
                  type="submit"
                  class="button button--primary button--block"
                  disabled={!chosen.value}
                >
                  Go on air
                </button>
              )}
          </div>
          <p class="camera__hint">
            {wakeLock.supported
              ? "The screen stays on while the camera runs."
              : "This browser cannot keep the screen on: turn off auto-lock while filming."}
          </p>
          {status === "live" && onAirLane && (
            <p class="camera__hint">
              Check the picture from another screen: a phone may pause its camera while this page is
              hidden.
            </p>
          )}
          {status === "live" && onAirLane && (
            <p class="camera__links">
              <a class="button" href={lanePath(onAirLane)} target="_blank" rel="noopener">
                Watch the lane
              </a>
              <a class="button" href={calibratePath(onAirLane)} target="_blank" rel="noopener">
                Calibrate
              </a>
            </p>
          )}
        </form>
      </div>
    </section>
  );
}
