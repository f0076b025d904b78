/**
 * A bowler's numbers across their games, as "My games" shows them: each of
 * their AI-tracked balls with its metrics in time order, and how often their
 * first ball of each frame (1…10) was a strike. Pure: the server gives it the
 * bowler's sheets and the metrics of the shots on them.
 *
 * @example
 * ```ts
 * import { strikeRateByFrame } from "./bowler_stats.ts";
 * const frames = [{ number: 1, balls: [{ mark: "X" }] }, { number: 2, balls: [{ mark: "7" }] }];
 * strikeRateByFrame([frames])[0]; // { frame: 1, chances: 1, strikes: 1, rate: 1 }
 * ```
 * @module
 */
import type { ShotMetrics } from "./shot_metrics.ts";

/** The frames of one bowler's game, as much of them as the sheet has. */
export interface GameFrames {
  number: number;
  balls: readonly { mark: string; shotId?: string | null }[];
}

/** How often the first ball of frame `frame` was a strike; `rate` is null with no chances. */
export interface FrameStrikeRate {
  frame: number;
  chances: number;
  strikes: number;
  rate: number | null;
}

/** One tracked ball: when, where on the sheet, and its metrics. */
export interface ShotPoint {
  shotId: string;
  sessionId: string;
  /** Release time, ISO 8601. */
  at: string;
  frame: number;
  ball: number;
  mark: string;
  launchSpeedMph: number;
  entrySpeedMph: number;
  arrowsBoard: number;
  entryAngleDeg: number;
}

/** What the server knows of a shot: when it was released, and its metrics (null when untracked). */
export interface ShotFacts {
  releasedAtMs: number;
  metrics: ShotMetrics | null;
}

/** Strike rate on the first ball of each frame 1…10 over `games` (each a bowler's frames). */
export function strikeRateByFrame(games: readonly (readonly GameFrames[])[]): FrameStrikeRate[] {
  const rows = Array.from({ length: 10 }, (_, i) => ({ frame: i + 1, chances: 0, strikes: 0 }));
  for (const frames of games) {
    for (const f of frames) {
      const first = f.balls[0];
      if (!first || f.number < 1 || f.number > 10) continue;
      rows[f.number - 1].chances++;
      if (first.mark === "X") rows[f.number - 1].strikes++;
    }
  }
  return rows.map((r) => ({ ...r, rate: r.chances ? r.strikes / r.chances : null }));
}

/**
 * Every ball of `games` whose shot has metrics, oldest release first (ties by
 * shot id). Balls without a shot, or whose shot was not tracked, are left out.
 */
export function shotPoints(
  games: readonly { sessionId: string; frames: readonly GameFrames[] }[],
  shots: ReadonlyMap<string, ShotFacts>,
): ShotPoint[] {
  const points: (ShotPoint & { ms: number })[] = [];
  for (const { sessionId, frames } of games) {
    for (const f of frames) {
      f.balls.forEach((b, i) => {
        const shot = b.shotId ? shots.get(b.shotId) : undefined;
        if (!shot?.metrics) return;
        const m = shot.metrics;
        points.push({
          shotId: b.shotId!,
          sessionId,
          at: new Date(shot.releasedAtMs).toISOString(),
          ms: shot.releasedAtMs,
          frame: f.number,
          ball: i + 1,
          mark: b.mark,
          launchSpeedMph: m.launchSpeedMph,
          entrySpeedMph: m.entrySpeedMph,
          arrowsBoard: m.arrowsBoard,
          entryAngleDeg: m.entryAngleDeg,
        });
      });
    }
  }
  points.sort((a, b) => a.ms - b.ms || (a.shotId < b.shotId ? -1 : 1));
  return points.map(({ ms: _, ...p }) => p);
}
