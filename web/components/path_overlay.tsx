import type { ReadonlySignal } from "@preact/signals";
import type { LaneShot, LaneVideoFit } from "../api.ts";
import { shotMarks, svgPath, toVideo, videoPath } from "../lane_drawing.ts";

export interface PathOverlayProps {
  /** The shot to draw; nothing is drawn while null. */
  shot: ReadonlySignal<LaneShot | null>;
  /** The lane's calibration; nothing is drawn while null. */
  fit: ReadonlySignal<LaneVideoFit | null>;
}

/**
 * The ball's path drawn over the live video through the lane's calibration,
 * for a few seconds after each shot. The SVG's view box is the calibration
 * frame and it scales like the video (`object-fit: contain`), so the two line up.
 */
export function PathOverlay({ shot, fit }: PathOverlayProps) {
  const s = shot.value, f = fit.value;
  if (!s || !f || s.path.length < 2) return null;
  const d = svgPath(videoPath(f, s.path));
  if (!d) return null;
  const marks = s.metrics ? shotMarks(s.metrics) : null;
  const bp = marks && toVideo(f, marks.breakpoint);
  const entry = marks && toVideo(f, marks.entry);
  const unit = f.height / 120;
  return (
    <svg
      key={s.id}
      class="path-overlay"
      viewBox={`0 0 ${f.width} ${f.height}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
      data-testid="path-overlay"
    >
      <path class="path-overlay__glow" d={d} style={{ strokeWidth: unit * 2.4 }} />
      <path class="path-overlay__line" d={d} pathLength={1} style={{ strokeWidth: unit }} />
      {bp && <circle class="path-overlay__mark" cx={bp.x} cy={bp.y} r={unit * 1.8} />}
      {entry && <circle class="path-overlay__mark" cx={entry.x} cy={entry.y} r={unit * 1.4} />}
    </svg>
  );
}
