/**
 * Scores the sidecar's shots against the simulator's ground truth: matches
 * each reported shot to the true shot released nearest in time on the same
 * lane, then computes the evaluation figures. Pure.
 */
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import type { ShotReport } from "../core/shot_report.ts";
import { settlesAutomatically } from "../core/shot_confidence.ts";

export interface LaneShot {
  lane: string;
  report: ShotReport;
}

/** A report counts as the shot released within this many ms of it. */
export const MATCH_WINDOW_MS = 600;

export interface EvalFigures {
  shots: number;
  reported: number;
  matched: number;
  missedShots: number;
  extraShots: number;
  pinStateExact: number;
  strikePrecision: number;
  strikeRecall: number;
  autoSettled: number;
  wrongAutoSettled: number;
  wrongAutoSettledRate: number;
  speedMaeMph: number;
  entrySpeedMaeMph: number;
  arrowsBoardMae: number;
  breakpointBoardMae: number;
  breakpointFtMae: number;
  entryBoardMae: number;
  entryAngleMaeDeg: number;
  gutterAccuracy: number;
  /** True fouls among the shots, fouls called, and how many calls were right. */
  fouls: number;
  foulsCalled: number;
  foulsCaught: number;
  /** Shots whose foul line was judged (foulConfidence not null). */
  foulJudged: number;
  /** Mean absolute timing error per event (ms), and how many were compared. */
  eventTiming: Record<string, { maeMs: number; meanMs: number; n: number }>;
}

const release = (r: ShotReport) =>
  r.events.find((e) => e.type === "release")?.captureTimeMs ?? r.events[0].captureTimeMs;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null) as number;

export function matchShots(truths: (TimedShotTruth & { laneId: string })[], shots: LaneShot[]) {
  const used = new Set<LaneShot>();
  const pairs: { truth: TimedShotTruth; report: ShotReport | null }[] = [];
  for (const t of truths) {
    let best: LaneShot | null = null, bestD = MATCH_WINDOW_MS;
    for (const s of shots) {
      if (s.lane !== t.laneId || used.has(s)) continue;
      const d = Math.abs(release(s.report) - t.releaseMs);
      if (d <= bestD) (best = s), (bestD = d);
    }
    if (best) used.add(best);
    pairs.push({ truth: t, report: best?.report ?? null });
  }
  return { pairs, extra: shots.filter((s) => !used.has(s)) };
}

export function evalFigures(
  truths: (TimedShotTruth & { laneId: string })[],
  shots: LaneShot[],
): EvalFigures {
  const { pairs, extra } = matchShots(truths, shots);
  const matched = pairs.filter((p) => p.report) as { truth: TimedShotTruth; report: ShotReport }[];
  const withMetrics = matched.filter((p) => p.report.metrics);
  const err = (f: (m: NonNullable<ShotReport["metrics"]>, t: TimedShotTruth) => number) =>
    r4(mean(withMetrics.map((p) => Math.abs(f(p.report.metrics!, p.truth)))));
  const isStrikeBall = (t: TimedShotTruth) => t.standingBefore === 0x3ff;
  const trueStrikes = pairs.filter((p) => isStrikeBall(p.truth) && p.truth.standingAfter === 0);
  const predStrikes = matched.filter((p) => isStrikeBall(p.truth) && p.report.standing === 0);
  const tp = predStrikes.filter((p) => p.truth.standingAfter === 0).length;
  const auto = matched.filter((p) => settlesAutomatically(p.report));
  // Wrong: the pins read wrong, or the foul line judged wrong (a foul scored as a ball, or the reverse).
  const wrongAuto =
    auto.filter((p) =>
      p.report.standing !== p.truth.standingAfter || p.report.foul !== p.truth.foul
    ).length;
  const timing: EvalFigures["eventTiming"] = {};
  const truthMs: Record<string, keyof TimedShotTruth> = {
    approach: "approachMs",
    release: "releaseMs",
    arrows: "arrowsMs",
    impact: "impactMs",
    pinfall: "settledMs",
  };
  for (const [type, key] of Object.entries(truthMs)) {
    const d = matched.flatMap((p) => {
      const e = p.report.events.find((x) => x.type === type);
      return e ? [e.captureTimeMs - (p.truth[key] as number)] : [];
    });
    timing[type] = {
      maeMs: Math.round(mean(d.map(Math.abs))),
      meanMs: Math.round(mean(d)),
      n: d.length,
    };
  }
  return {
    shots: truths.length,
    reported: shots.length,
    matched: matched.length,
    missedShots: truths.length - matched.length,
    extraShots: extra.length,
    pinStateExact: r4(
      pairs.filter((p) => p.report && p.report.standing === p.truth.standingAfter).length /
        truths.length,
    ),
    strikePrecision: r4(tp / predStrikes.length),
    strikeRecall: r4(tp / trueStrikes.length),
    autoSettled: r4(auto.length / truths.length),
    wrongAutoSettled: wrongAuto,
    wrongAutoSettledRate: r4(wrongAuto / Math.max(1, auto.length)),
    speedMaeMph: err((m, t) => m.launchSpeedMph - t.launchSpeedMph),
    entrySpeedMaeMph: err((m, t) => m.entrySpeedMph - t.entrySpeedMph),
    arrowsBoardMae: err((m, t) => m.arrowsBoard - t.arrowsBoard),
    breakpointBoardMae: err((m, t) => m.breakpointBoard - t.breakpointBoard),
    breakpointFtMae: err((m, t) => m.breakpointFt - t.breakpointFt),
    entryBoardMae: err((m, t) => m.entryBoard - t.entryBoard),
    entryAngleMaeDeg: err((m, t) => m.entryAngleDeg - t.entryAngleDeg),
    gutterAccuracy: r4(
      matched.filter((p) => p.report.gutter === p.truth.gutter).length /
        Math.max(1, matched.length),
    ),
    fouls: pairs.filter((p) => p.truth.foul).length,
    foulsCalled: matched.filter((p) => p.report.foul).length,
    foulsCaught: matched.filter((p) => p.report.foul && p.truth.foul).length,
    foulJudged: matched.filter((p) => p.report.foulConfidence !== null).length,
    eventTiming: timing,
  };
}
