import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Api, AuthedFetch, LaneVideoFit } from "../api.ts";
import type { VideoAnalysis, VideoLabel, VideoShot } from "../../core/video_analysis.ts";
import { PinLeave } from "../components/pin_leave.tsx";
import { describeLeave, formatConfidence, formatSpeed } from "../shot_format.ts";
import { shotMarks, svgPath, toVideo, videoPath } from "../lane_drawing.ts";

/** Seconds as "0:07". */
export function clock(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** What an analysed video showed: its facts, the suggested bet, the labels and every shot. */
export function AnalysisView(
  { result, laneId, fetch, api }: {
    result: VideoAnalysis;
    laneId: string | null;
    fetch: AuthedFetch;
    api: Pick<Api, "laneVideoFit">;
  },
) {
  const fit = useSignal<LaneVideoFit | null>(null);
  useEffect(() => {
    // Corners clicked on the first frame come with the result; a lane's calibration is asked for.
    if (result.lane_fit) fit.value = result.lane_fit;
    if (!laneId) return;
    const ac = new AbortController();
    api.laneVideoFit(laneId, ac.signal).then((f) => (fit.value = f), () => {});
    return () => ac.abort();
  }, [laneId]);
  const m = result.video_metadata;
  const suggestion = result.betting_suggestion;
  return (
    <div class="analysis">
      <p class="analysis__facts" data-testid="analysis-facts">
        {laneId ? `Lane ${laneId} · ` : ""}
        {clock(m.duration_seconds)} of {m.format.toUpperCase()} video, {m.width}×{m.height} at{" "}
        {Math.round(m.fps)} fps · {result.shots.length}{" "}
        {result.shots.length === 1 ? "shot" : "shots"} found
      </p>
      {suggestion && (
        <section class="panel analysis__suggestion" aria-labelledby="suggestion-title">
          <h2 class="panel__title" id="suggestion-title">Suggested bet</h2>
          <p class="analysis__question">{suggestion.question}</p>
          <p class="muted">
            {suggestion.basedOnShots === 0
              ? "No ball in this video answers it yet: the odds start even."
              : `This video leans ${suggestion.lean === "YES" ? "yes" : "no"}: ${
                formatConfidence(suggestion.probability)
              } of ${suggestion.basedOnShots} ${suggestion.basedOnShots === 1 ? "ball" : "balls"}.`}
          </p>
        </section>
      )}
      <section class="panel" aria-labelledby="labels-title">
        <h2 class="panel__title" id="labels-title">What the AI saw</h2>
        {result.labels.length === 0
          ? <p class="panel__text">No bowling in this video: no approach, release or pins.</p>
          : (
            <ul class="label-list">
              {result.labels.map((l) => <LabelRow key={`${l.source}-${l.label}`} label={l} />)}
            </ul>
          )}
        {result.second_opinion && (
          <p class="muted" data-testid="second-opinion">
            Second opinion (Rekognition): {result.second_opinion.state === "pending"
              ? "still working; its labels join these when they come."
              : result.second_opinion.state === "done"
              ? "its labels are marked Rekognition."
              : "it could not label this video."}
          </p>
        )}
      </section>
      <section aria-labelledby="shots-title">
        <h2 class="section-title" id="shots-title">Shots</h2>
        {result.shots.length === 0
          ? (
            <p class="panel panel__text">
              No shot was found. Upload a video of a lane from behind the bowler, and choose the
              lane it was filmed on so the AI knows where the lane is.
            </p>
          )
          : (
            <ol class="shot-timeline">
              {result.shots.map((s) => (
                <ShotCard
                  key={s.index}
                  shot={s}
                  jobId={result.jobId}
                  fetch={fetch}
                  fit={fit.value}
                />
              ))}
            </ol>
          )}
      </section>
    </div>
  );
}

function LabelRow({ label }: { label: VideoLabel }) {
  const pct = Math.round(label.confidence * 100);
  return (
    <li class="label-row" data-label={label.label}>
      <span class="label-row__name">{label.label}</span>
      <span class="label-row__bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      <span class="label-row__pct">{pct}% sure</span>
      <span class="label-row__meta">
        {label.source === "rekognition" ? "Rekognition" : "Lanecast"} · at{" "}
        {label.timestamps.slice(0, 4).map(clock).join(", ")}
        {label.timestamps.length > 4 ? "…" : ""}
      </span>
    </li>
  );
}

function ShotCard(
  { shot, jobId, fetch, fit }: {
    shot: VideoShot;
    jobId: string;
    fetch: AuthedFetch;
    fit: LaneVideoFit | null;
  },
) {
  const poster = useSignal<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    fetch(`/api/analyze/${encodeURIComponent(jobId)}/shots/${shot.index}/poster`)
      .then(async (res) => {
        if (!res.ok) return;
        url = URL.createObjectURL(await res.blob());
        poster.value = url;
      }).catch(() => {});
    return () => url && URL.revokeObjectURL(url);
  }, [jobId, shot.index]);
  const leave = describeLeave(shot);
  const speed = shot.metrics?.launchSpeedMph;
  const d = fit && shot.path.length > 1 ? svgPath(videoPath(fit, shot.path)) : "";
  const marks = fit && shot.metrics ? shotMarks(shot.metrics) : null;
  const bp = marks && fit && toVideo(fit, marks.breakpoint);
  return (
    <li class="shot-card-v" data-testid="video-shot" data-kind={leave.kind}>
      <div class="shot-card-v__frame">
        {poster.value
          ? (
            <img
              src={poster.value}
              alt={`The lane at ${clock(shot.releaseAt)}, as the ball is released`}
            />
          )
          : <div class="shot-card-v__blank" aria-hidden="true" />}
        {d && (
          <svg
            class="path-overlay"
            viewBox={`0 0 ${fit!.width} ${fit!.height}`}
            preserveAspectRatio="xMidYMid meet"
            aria-hidden="true"
            data-testid="video-shot-path"
          >
            <path class="path-overlay__line" d={d} style={{ strokeWidth: fit!.height / 120 }} />
            {bp && <circle class="path-overlay__mark" cx={bp.x} cy={bp.y} r={fit!.height / 70} />}
          </svg>
        )}
      </div>
      <div class="shot-card-v__body">
        <p class="shot-card-v__time">Shot {shot.index + 1} · at {clock(shot.releaseAt)}</p>
        <p class="shot-card-v__leave">{leave.label}</p>
        <p class="muted">
          {speed === undefined ? "Speed not measured" : `${formatSpeed(speed)} mph`} ·{" "}
          {shot.pinsDown} {shot.pinsDown === 1 ? "pin" : "pins"} down · AI{" "}
          {formatConfidence(shot.confidence)} sure{shot.autoSettle ? "" : " (a person would check)"}
        </p>
        <PinLeave standing={shot.standing} before={shot.standingBefore ?? undefined} size={64} />
      </div>
    </li>
  );
}
