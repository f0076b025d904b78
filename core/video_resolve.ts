/**
 * Resolves a bet question against one shot of an analysed video, with the
 * live markets' own rule (`outcomeOf` in core/market_kinds.ts): YES when the
 * market's winning outcome is "yes" or "over", NO for "no" or "under", VOID
 * when the market would be void (a speed not measured, a value exactly on
 * the line). At or above the auto-settle confidence it is RESOLVED, below it
 * NEEDS_REVIEW. Pure.
 */
import { outcomeOf } from "./market_kinds.ts";
import type { MarketKind } from "./markets.ts";
import { AUTO_SETTLE_CONFIDENCE } from "./shot_confidence.ts";
import type { VideoShot } from "./video_analysis.ts";

export interface ResolveQuestion {
  kind: MarketKind;
  /** The line of an over/under kind. */
  line?: number;
}

export interface Resolution {
  /** REJECTED: staff refused a lane ball's doubtful read in the video review queue. */
  status: "RESOLVED" | "NEEDS_REVIEW" | "REJECTED";
  outcome: "YES" | "NO" | "VOID";
  confidence: number;
  /** Seconds into the video where the answer shows (the pinfall, or the release for speed). */
  detected_at: number;
  /** Whether money moved (never for a free-standing upload). */
  payout_triggered: boolean;
}

export function resolveShot(shot: VideoShot, q: ResolveQuestion): Resolution {
  const speed = q.kind === "speed-over-under";
  const won = shot.standingBefore === null && !speed ? null : outcomeOf(q.kind, q.line, {
    standingBefore: shot.standingBefore ?? 0,
    standingAfter: shot.standing,
    foul: shot.foul,
    launchSpeedMph: shot.metrics?.launchSpeedMph ?? null,
  });
  const outcome = won === "yes" || won === "over"
    ? "YES"
    : won === "no" || won === "under"
    ? "NO"
    : "VOID";
  // A pin question rests on the pins and the foul line; a speed question on the track.
  const confidence = won === null ? 0 : speed ? shot.trackConfidence : shot.confidence;
  return {
    status: confidence >= AUTO_SETTLE_CONFIDENCE ? "RESOLVED" : "NEEDS_REVIEW",
    outcome,
    confidence,
    detected_at: speed ? shot.releaseAt : shot.pinfallAt ?? shot.releaseAt,
    payout_triggered: false,
  };
}
