/**
 * Ground truth for every simulated shot, with shot metrics measured the way
 * Specto measures them so numbers compare: launch speed over the first 3 ft,
 * entry speed over 57–59.5 ft, board at the arrows (15 ft), breakpoint (the
 * furthest board out), entry angle over 51–55 ft and entry board at 59.5 ft.
 */
import { ARROWS_FT, BOARD_FT } from "../core/lane_geometry.ts";
import { MPH_TO_FTPS, type ShotMetrics } from "../core/shot_metrics.ts";
import { type BallPath, boardAt, chordAngleDeg, timeAt, turningPointFt } from "./physics.ts";

export interface ShotTruth extends ShotMetrics {
  lane: number;
  seed: number;
  /** 0-based shot number on this lane. */
  shot: number;
  game: number;
  /** Bowling frame, 1…10. */
  frame: number;
  /** Ball in the bowling frame. */
  ball: 1 | 2 | 3;
  /** Video frame the bowler starts the approach. */
  approachFrame: number;
  /** First video frame at or after the ball crosses the foul line. */
  releaseFrame: number;
  /** … reaches the arrows (15 ft). */
  arrowsFrame: number;
  /** … first touches a pin (or reaches the head-pin line if it touches none). */
  impactFrame: number;
  /** … after which no pin moves. */
  settledFrame: number;
  /** … the next rack stands and the pinsetter is out of sight (the next ball can be bet on). */
  rackReadyFrame?: number;
  /** Bit i set: pin i + 1 standing. */
  standingBefore: number;
  standingAfter: number;
  foul: boolean;
  gutter: boolean;
}

export interface TimedShotTruth extends ShotTruth {
  approachMs: number;
  releaseMs: number;
  arrowsMs: number;
  impactMs: number;
  settledMs: number;
  rackReadyMs?: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Average speed along the ball's track between two distances, mph. */
function speedOver(path: BallPath, fromFt: number, toFt: number): number {
  const steps = 50;
  let length = 0;
  for (let i = 0; i < steps; i++) {
    const a = fromFt + ((toFt - fromFt) * i) / steps;
    const b = fromFt + ((toFt - fromFt) * (i + 1)) / steps;
    length += Math.hypot(b - a, (boardAt(path, b) - boardAt(path, a)) * BOARD_FT);
  }
  return length / (timeAt(path, toFt) - timeAt(path, fromFt)) / MPH_TO_FTPS;
}

/** Specto-style metrics of a ball path. */
export function shotMetrics(path: BallPath): ShotMetrics {
  const bpFt = turningPointFt(path, Math.min(60, path.gutterFt ?? 60)) ??
    Math.min(60, path.launch.hookStartFt);
  return {
    launchSpeedMph: round2(speedOver(path, 0, 3)),
    entrySpeedMph: round2(speedOver(path, 57, 59.5)),
    arrowsBoard: round2(boardAt(path, ARROWS_FT)),
    breakpointBoard: round2(boardAt(path, bpFt)),
    breakpointFt: round2(bpFt),
    entryBoard: round2(boardAt(path, 59.5)),
    entryAngleDeg: round2(chordAngleDeg(path, 51, 55)),
  };
}

/** First video frame at or after `seconds` into a shot that starts at `startFrame`. */
export function frameAtOrAfter(startFrame: number, seconds: number, fps: number): number {
  return startFrame + Math.ceil(seconds * fps - 1e-6);
}

/** Capture time (ms since epoch) of frame `frameIndex`, given frame 0's. */
export function frameCaptureMs(frameIndex: number, firstFrameMs: number, fps: number): number {
  return Math.round(firstFrameMs + (frameIndex * 1000) / fps);
}

/** Adds the capture time of each event frame. */
export function withCaptureTimes(t: ShotTruth, firstFrameMs: number, fps: number): TimedShotTruth {
  const at = (f: number) => frameCaptureMs(f, firstFrameMs, fps);
  return {
    ...t,
    approachMs: at(t.approachFrame),
    releaseMs: at(t.releaseFrame),
    arrowsMs: at(t.arrowsFrame),
    impactMs: at(t.impactFrame),
    settledMs: at(t.settledFrame),
    ...(t.rackReadyFrame !== undefined ? { rackReadyMs: at(t.rackReadyFrame) } : {}),
  };
}

/** One line of a JSON-lines ground-truth log (without the newline). */
export function truthToJsonLine(t: ShotTruth | TimedShotTruth): string {
  return JSON.stringify(t);
}
