/**
 * Matches the AI's live lane events to the simulator's ground truth, one
 * lane at a time: for each true shot, the first event of each type inside its
 * window, and how long after the true moment the frame that triggered it was
 * captured (the detection delay; negative when the event came early). Pure.
 *
 *   approach    (previous shot settled, release + 0.5 s]  vs the true start of the approach
 *   release     (previous shot settled, impact]           vs the ball crossing the foul line
 *   pinfall     (impact, impact + 10 s]                   vs the last pin keeping still
 *   rack-ready  (settled, next release]                   vs the next rack standing
 */
import type { LaneEventType } from "../core/lane_events.ts";
import type { TimedShotTruth } from "../sim/ground_truth.ts";

export interface TimedEvent {
  type: LaneEventType;
  captureTimeMs: number;
}

export interface EventMatch {
  type: LaneEventType;
  /** Shot number on the lane. */
  shot: number;
  /** Capture time of the triggering frame minus the true moment, ms; null when missed. */
  delayMs: number | null;
}

export interface LaneEventMatches {
  matches: EventMatch[];
  /** Events that fell in no shot's window (or after the first of their type in it). */
  extra: Record<LaneEventType, number>;
}

type Window = [from: number, to: number, trueMs: number | undefined];

function windowFor(
  type: LaneEventType,
  prev: TimedShotTruth | undefined,
  t: TimedShotTruth,
  next: TimedShotTruth | undefined,
): Window {
  const after = prev ? prev.settledMs : -Infinity;
  switch (type) {
    case "approach":
      return [after, t.releaseMs + 500, t.approachMs];
    case "release":
      return [after, t.impactMs, t.releaseMs];
    case "pinfall":
      return [t.impactMs, t.impactMs + 10_000, t.settledMs];
    case "rack-ready":
      return [t.settledMs, next ? next.releaseMs : Infinity, t.rackReadyMs];
  }
}

const TYPES: LaneEventType[] = ["approach", "release", "pinfall", "rack-ready"];

/**
 * `truths` in shot order; `events` of the same lane. Shots whose window is
 * not over by `untilMs` (the last capture time seen) are left out.
 */
export function matchLaneEvents(
  truths: TimedShotTruth[],
  events: TimedEvent[],
  untilMs = Infinity,
): LaneEventMatches {
  const used = new Set<TimedEvent>();
  const matches: EventMatch[] = [];
  truths.forEach((t, i) => {
    for (const type of TYPES) {
      const [from, to, trueMs] = windowFor(type, truths[i - 1], t, truths[i + 1]);
      if (trueMs === undefined || to > untilMs) continue;
      const first = events.find((e) =>
        e.type === type && !used.has(e) && e.captureTimeMs > from && e.captureTimeMs <= to
      );
      if (first) used.add(first);
      matches.push({ type, shot: t.shot, delayMs: first ? first.captureTimeMs - trueMs : null });
    }
  });
  const extra = Object.fromEntries(TYPES.map((t) => [t, 0])) as Record<LaneEventType, number>;
  for (const e of events) if (!used.has(e)) extra[e.type]++;
  return { matches, extra };
}
