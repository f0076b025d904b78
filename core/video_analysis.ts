/**
 * The result of analysing an uploaded video, built from the shot reports the
 * live analyzer produced for it: the seed's shape (`status`, `jobId`,
 * `video_metadata`, `labels`, `activity_labels`, `betting_suggestion`,
 * `models`) plus bowling (`shots` with the same 10-bit standing state as a
 * live shot). Times are seconds from the start of the video. Pure.
 */
import { settlesAutomatically } from "./shot_confidence.ts";
import type { ShotMetrics, ShotReport } from "./shot_report.ts";
import { pinsDown } from "./market_kinds.ts";
import { FULL_RACK, isSplit } from "./pins.ts";

export interface VideoMetadata {
  duration_seconds: number;
  /** The container read from the file's bytes: "mp4", "mov" or "avi". */
  format: string;
  width: number;
  height: number;
  fps: number;
}

export type LabelCategory = "Activity" | "Outcome" | "Rule";

export interface VideoLabel {
  label: string;
  /** The surest sighting, 0…1. */
  confidence: number;
  /** Seconds into the video of each sighting. */
  timestamps: number[];
  /** Lanecast's own categories; a second opinion's labels keep that service's (e.g. "Sports"). */
  category: LabelCategory | string;
  /** Who saw it: Lanecast's models, or the second opinion (Rekognition) merged in later. */
  source: "lanecast" | "rekognition";
}

/** Where the second opinion (Rekognition, `REKOGNITION=on`) stands; absent when it is off. */
export interface SecondOpinionState {
  state: "pending" | "done" | "failed";
  model?: string | null;
  error?: string;
}

export interface VideoShot {
  index: number;
  releaseAt: number;
  pinfallAt: number | null;
  standingBefore: number | null;
  /** Bit i set: pin i + 1 standing after the ball. */
  standing: number;
  /** Pins this ball knocked down of the rack it faced (0 on a foul), as settlement counts them. */
  pinsDown: number;
  strike: boolean;
  spare: boolean;
  split: boolean;
  gutter: boolean;
  foul: boolean;
  metrics: ShotMetrics | null;
  /** How sure the pin read and foul verdict are together, 0…1. */
  confidence: number;
  /** How well the ball was tracked (speeds and boards rest on it), 0…1. */
  trackConfidence: number;
  /** Sure enough to settle without a person (the live rule). */
  autoSettle: boolean;
  /** The ball's path (seconds, board, feet), thinned. */
  path: { t: number; board: number; ft: number }[];
}

export interface VideoAnalysis {
  status: "SUCCEEDED";
  jobId: string;
  video_metadata: VideoMetadata;
  labels: VideoLabel[];
  activity_labels: string[];
  shots: VideoShot[];
  betting_suggestion: BettingSuggestion | null;
  models: Record<string, string>;
  second_opinion?: SecondOpinionState;
  /**
   * The lane → image homography of the video's frame when the lane was given
   * by corners clicked on its first frame (to draw the shots' paths).
   */
  lane_fit?: { width: number; height: number; laneToImage: number[] };
}

export interface BettingSuggestion {
  /** The market kind to offer on the next ball. */
  market: "strike" | "spare";
  question: string;
  /** The side the video's own balls lean to, and how strongly (share of balls that did it). */
  lean: "YES" | "NO";
  probability: number;
  basedOnShots: number;
}

const s3 = (v: number) => Math.round(v * 1000) / 1000;

export function videoShot(r: ShotReport, index: number, t0Ms: number): VideoShot {
  const at = (type: string) => {
    const e = r.events.find((x) => x.type === type);
    return e ? s3((e.captureTimeMs - t0Ms) / 1000) : null;
  };
  const before = r.standingBefore;
  const down = pinsDown({
    standingBefore: before ?? FULL_RACK,
    standingAfter: r.standing,
    foul: r.foul,
  });
  const cleared = r.standing === 0 && !r.foul;
  const foulSure = r.foulConfidence ?? 0;
  return {
    index,
    releaseAt: at("release") ?? s3((r.events[0].captureTimeMs - t0Ms) / 1000),
    pinfallAt: at("pinfall"),
    standingBefore: before,
    standing: r.standing,
    pinsDown: down,
    strike: cleared && before === FULL_RACK,
    spare: cleared && before !== null && before !== FULL_RACK,
    split: before === FULL_RACK && isSplit(r.standing),
    gutter: r.gutter,
    foul: r.foul,
    metrics: r.metrics,
    confidence: s3(Math.min(r.pinConfidence, foulSure)),
    trackConfidence: r.trackConfidence,
    autoSettle: settlesAutomatically(r),
    path: r.path.map((p) => ({ t: s3((p.captureTimeMs - t0Ms) / 1000), board: p.board, ft: p.ft })),
  };
}

/** The labels the product knows, gathered over the shots. */
export function videoLabels(reports: ShotReport[], shots: VideoShot[], t0Ms: number): VideoLabel[] {
  const labels = new Map<string, VideoLabel>();
  const add = (label: string, category: LabelCategory, confidence: number, t: number | null) => {
    if (t === null) return;
    const l = labels.get(label) ??
      { label, category, confidence: 0, timestamps: [], source: "lanecast" as const };
    l.confidence = Math.max(l.confidence, s3(confidence));
    l.timestamps.push(t);
    labels.set(label, l);
  };
  reports.forEach((r, i) => {
    const s = shots[i];
    const approach = r.events.find((e) => e.type === "approach");
    if (approach) {
      add(
        "Bowler approach",
        "Activity",
        approach.confidence,
        s3((approach.captureTimeMs - t0Ms) / 1000),
      );
    }
    const release = r.events.find((e) => e.type === "release");
    add("Ball release", "Activity", release?.confidence ?? 0, s.releaseAt);
    if (s.strike) add("Strike", "Outcome", r.pinConfidence, s.pinfallAt);
    if (s.spare) add("Spare", "Outcome", r.pinConfidence, s.pinfallAt);
    if (s.split) add("Split", "Outcome", r.pinConfidence, s.pinfallAt);
    if (s.gutter) {
      add(
        "Gutter ball",
        "Outcome",
        r.trackConfidence || r.pinConfidence,
        s.pinfallAt ?? s.releaseAt,
      );
    }
    if (s.foul) add("Foul", "Rule", r.foulConfidence ?? 0, s.releaseAt);
  });
  return [...labels.values()];
}

/** A bet to offer on the next ball, leaning the way this video's balls went. */
export function bettingSuggestion(shots: VideoShot[]): BettingSuggestion | null {
  const last = shots.at(-1);
  if (!last) return null;
  const nextIsSpareAttempt = last.standingBefore === FULL_RACK && !last.strike &&
    last.standing !== 0;
  const pool = nextIsSpareAttempt
    ? shots.filter((s) => s.standingBefore !== null && s.standingBefore !== FULL_RACK)
    : shots.filter((s) => s.standingBefore === FULL_RACK);
  const hits = pool.filter((s) => (nextIsSpareAttempt ? s.spare : s.strike)).length;
  // Laplace's rule, so one ball does not make a certainty.
  const p = s3((hits + 1) / (pool.length + 2));
  return {
    market: nextIsSpareAttempt ? "spare" : "strike",
    question: nextIsSpareAttempt
      ? "Will the next ball be a spare?"
      : "Will the next ball be a strike?",
    lean: p >= 0.5 ? "YES" : "NO",
    probability: p,
    basedOnShots: pool.length,
  };
}

export function videoAnalysis(input: {
  jobId: string;
  metadata: VideoMetadata;
  reports: ShotReport[];
  t0Ms: number;
  models: Record<string, string>;
}): VideoAnalysis {
  const shots = input.reports.map((r, i) => videoShot(r, i, input.t0Ms));
  const labels = videoLabels(input.reports, shots, input.t0Ms);
  return {
    status: "SUCCEEDED",
    jobId: input.jobId,
    video_metadata: input.metadata,
    labels,
    activity_labels: labels.filter((l) => l.category === "Activity").map((l) => l.label),
    shots,
    betting_suggestion: bettingSuggestion(shots),
    models: input.models,
  };
}
