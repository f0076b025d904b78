/**
 * Assembles the report of one shot from what the lane's detector gathered:
 * the fitted path, its metrics and events, the pin vote. Pure.
 */
import { BOARD_FT, PIN_SPOTS } from "../../core/lane_geometry.ts";
import type { ShotReport } from "../../core/shot_report.ts";
import type { FittedPath } from "../tracking/path_fit.ts";
import { gutterFt, shotMetrics } from "./shot_metrics.ts";
import type { FoulVerdict } from "./foul_vote.ts";
import { ALL_PINS, type PinVote } from "./pin_vote.ts";

export type { ShotReport };

/** Ball centre to pin centre at first touch, feet. */
export const CONTACT_FT = (8.5 + 4.766) / 2 / 12;

/** Where the ball first touches one of the `standing` pins (or the head-pin line, 60 ft). */
export function contactFt(path: FittedPath, standing = ALL_PINS): number {
  for (let ft = 56; ft <= 63; ft += 0.02) {
    const b = path.boardAt(ft);
    for (let pin = 0; pin < 10; pin++) {
      if (!((standing >> pin) & 1)) continue;
      const s = PIN_SPOTS[pin];
      if (Math.hypot((b - s.board) * BOARD_FT, ft - s.ft) <= CONTACT_FT) return ft;
    }
  }
  return 60;
}

/** How much the track can be trusted: enough points, covering the lane from the arrows to the pins. */
export function trackConfidence(path: FittedPath): number {
  const n = Math.min(1, path.points.length / 30);
  const cover = (path.ftMin <= 20 ? 0.5 : 0.2) + (path.ftMax >= 50 ? 0.5 : 0.2);
  const clean = path.rejected <= path.points.length / 4 ? 1 : 0.7;
  return Math.round(n * cover * clean * 1000) / 1000;
}

export interface ShotInput {
  laneId: string;
  path: FittedPath;
  /** Capture time the bowler started the approach, if seen, and how sure. */
  approach: { captureTimeMs: number; confidence: number } | null;
  /** Pins standing before the ball, when read surely enough. */
  standingBefore: number | null;
  after: PinVote | null;
  /** Capture time of the reads after the pins settled. */
  settledMs: number | null;
  /** The foul-line verdict, or null when no foul classifier judged the shot. */
  foul: FoulVerdict | null;
  models: { ball: string; pins: string; foul?: string; motion: string };
}

/** What both kinds of report time besides the ball: the approach and the pins settled. */
type AroundInput = Pick<ShotInput, "approach" | "after" | "settledMs" | "models">;

/** `middle` between the approach (when seen) and the pinfall (when the pins were read). */
function eventsAround(s: AroundInput, middle: ShotReport["events"]): ShotReport["events"] {
  const events: ShotReport["events"] = [];
  if (s.approach) {
    events.push({
      type: "approach",
      captureTimeMs: Math.round(s.approach.captureTimeMs),
      confidence: s.approach.confidence,
      model: s.models.motion,
    });
  }
  events.push(...middle);
  if (s.after && s.settledMs !== null) {
    events.push({
      type: "pinfall",
      captureTimeMs: Math.round(s.settledMs),
      confidence: s.after.confidence,
      model: s.models.pins,
    });
  }
  return events;
}

const shotId = (laneId: string, releaseMs: number) =>
  `lane-${laneId}-${releaseMs}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);

const inRange = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;

export function buildShotReport(s: ShotInput): ShotReport {
  const { path } = s;
  const conf = trackConfidence(path);
  const release = Math.round(path.timeAtFt(0));
  const m = shotMetrics(path);
  const sane = inRange(m.launchSpeedMph, 0, 60) && inRange(m.entrySpeedMph, 0, 60) &&
    [m.arrowsBoard, m.breakpointBoard, m.entryBoard].every((b) => inRange(b, -30, 70)) &&
    inRange(m.breakpointFt, -5, 70) && inRange(m.entryAngleDeg, -60, 60);
  const gutter = gutterFt(path) !== null;
  const impactMs = Math.round(path.timeAtFt(contactFt(path, s.standingBefore ?? ALL_PINS)));
  const events = eventsAround(s, [
    { type: "release", captureTimeMs: release, confidence: conf, model: s.models.ball },
    {
      type: "arrows",
      captureTimeMs: Math.round(path.timeAtFt(15)),
      confidence: conf,
      model: s.models.ball,
    },
    {
      type: "impact",
      captureTimeMs: impactMs,
      confidence: Math.round(conf * 0.9 * 1000) / 1000,
      model: s.models.ball,
    },
  ]);
  const step = Math.max(1, Math.ceil(path.points.length / 400));
  return {
    id: shotId(s.laneId, release),
    events,
    metrics: sane ? m : null,
    path: path.points.filter((_, i) => i % step === 0).map((p) => ({
      captureTimeMs: Math.round(p.tMs),
      board: Math.round(Math.min(69, Math.max(-29, p.board)) * 100) / 100,
      ft: Math.round(Math.min(79, Math.max(-19, p.ft)) * 100) / 100,
    })),
    standingBefore: s.standingBefore,
    standing: s.after?.standing ?? 0,
    pinProbabilities: s.after?.probabilities ?? new Array(10).fill(0),
    pinConfidence: s.after?.confidence ?? 0,
    trackConfidence: conf,
    foul: s.foul?.foul ?? false,
    foulConfidence: s.foul?.confidence ?? null,
    gutter,
    models: {
      ball: s.models.ball,
      pins: s.models.pins,
      ...(s.foul && s.models.foul ? { foul: s.models.foul } : {}),
    },
  };
}

export interface UnseenShotInput {
  laneId: string;
  /** Release estimated from the bowler's approach. */
  releaseMs: number;
  approach: { captureTimeMs: number; confidence: number } | null;
  standingBefore: number | null;
  after: PinVote | null;
  settledMs: number | null;
  models: { ball: string; pins: string; motion: string };
}

/** How sure the estimated release of a ball nobody saw is. */
export const UNSEEN_RELEASE_CONFIDENCE = 0.3;

/**
 * The report of a ball nobody saw but the pinsetter cycled for: no track and
 * no metrics, a release estimated from the approach, the pins as read, a
 * gutter when no pin fell. The foul line is not judged (the release is only
 * estimated), so it always goes to review.
 */
export function buildUnseenShotReport(s: UnseenShotInput): ShotReport {
  const release = Math.round(s.releaseMs);
  const events = eventsAround(s, [{
    type: "release",
    captureTimeMs: release,
    confidence: UNSEEN_RELEASE_CONFIDENCE,
    model: s.models.motion,
  }]);
  const standing = s.after?.standing ?? 0;
  return {
    id: shotId(s.laneId, release),
    events,
    metrics: null,
    path: [],
    standingBefore: s.standingBefore,
    standing,
    pinProbabilities: s.after?.probabilities ?? new Array(10).fill(0),
    pinConfidence: s.after?.confidence ?? 0,
    trackConfidence: 0,
    foul: false,
    foulConfidence: null,
    gutter: s.after !== null && standing === s.standingBefore,
    models: { ball: s.models.ball, pins: s.models.pins },
  };
}
