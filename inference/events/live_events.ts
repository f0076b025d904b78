/**
 * One lane's live events, told at the earliest frame that shows them: the
 * shot detector is watched frame by frame and each event is stamped with the
 * capture time of the frame that decided it.
 *
 *   approach   the first start of motion on the approach while the rack is
 *              ready (motion rules: known at the very frame, no model needed)
 *   release    the ball tracker confirms a ball moving down the lane (three
 *              detections at a bowling speed: often the ball still in the swing,
 *              up to 0.6 s before the foul line; `atMs` extrapolates to it);
 *              failing that, RELEASE_FALLBACK_MS after the bowler's last start
 *              (a ball nobody saw), or when the deck moves for a ball nobody saw
 *   pinfall    the deck has been still SETTLE_QUIET_MS after the ball (the
 *              detector starts reading the pins), or the detector gave up
 *   rack-ready the pinsetter has cycled since the pinfall (the deck moved), the
 *              deck has been still RACK_QUIET_MS since (longer than the cycle's
 *              own pauses), the new rack reads standing surely (two agreeing
 *              pin reads) and nobody has moved on the approach for as long
 *              (a bowler already walking up keeps the ball closed to bets);
 *              at start, the same without the cycle
 *
 * Bias: a missed `release` would let bets through, a wrong early one only
 * suspends a market for a moment, so `release` errs early — anything the
 * tracker takes for a ball counts (even before a rack-ready or an approach
 * was told), and a bowler seen starting without a tracked ball gets a
 * low-confidence `release` from the approach's timing. A rack-ready that was
 * never told (the new rack not read surely) does not hide the next bowler:
 * once the pinsetter has cycled and the deck is still, a start on the
 * approach is an `approach`.
 * A release that no pins follow reopens the lane (`rack-ready`) after
 * STALE_RELEASE_MS. The shot report, sent when the pins settle, refines the
 * release time (its fitted path); it stays the record of truth.
 */
import { type LaneEvent, laneEventId, type LaneEventType } from "../../core/lane_events.ts";
import {
  BEFORE_CONFIDENCE,
  type DetectorState,
  MOTION_MODEL,
  RELEASE_AFTER_ONSET_MS,
  type ShotDetector,
} from "./shot_detector.ts";

/**
 * A bowler seen starting with no ball tracked this long after gets a
 * `release` anyway (the release follows the start by 1.42 s ± 0.11 s: this
 * is four deviations later).
 */
export const RELEASE_FALLBACK_MS = 1900;
/**
 * The deck still this long (and the rack read) before `rack-ready`: longer
 * than the pinsetter's own pauses (up to ≈ 0.5 s while the table lifts no pins
 * after a strike).
 */
export const RACK_QUIET_MS = 700;
/** A `release` no pinfall followed for this long was not a ball: the lane is ready again. */
export const STALE_RELEASE_MS = 8000;
/** A pinsetter the camera never sees move: the rack counts as ready this long after the pinfall. */
export const RACK_WITHOUT_CYCLE_MS = 10_000;

/** How sure each kind of evidence is. */
export const LIVE_CONFIDENCE = {
  approach: 0.7,
  trackedRelease: 0.9,
  fallbackRelease: 0.3,
  settled: 0.9,
  gaveUp: 0.5,
} as const;

/** Where the lane is, as far as the events told so far go. */
export type LivePhase = "unknown" | "ready" | "approach" | "released" | "down";

export interface LiveEventsOptions {
  laneId: string;
  /** Versions of the models running on the lane (ball, pins, foul). */
  models: Record<string, string>;
}

export class LiveEvents {
  phase: LivePhase = "unknown";
  readonly #o: LiveEventsOptions;
  readonly #models: Record<string, string>;
  /** When the current phase's event was captured. */
  #phaseMs = -Infinity;
  /** The deck moved (the pinsetter cycled) since the pinfall. */
  #cycled = false;

  constructor(options: LiveEventsOptions) {
    this.#o = options;
    this.#models = { ...options.models, motion: MOTION_MODEL };
  }

  /** After `detector.observe()` of the frame captured at `t`, before its ball detections. */
  afterMotion(t: number, detector: ShotDetector): LaneEvent[] {
    if (detector.state !== "ready" || detector.lastOnsetMs !== t) return [];
    // A rack-ready not told (its pins not read surely) must not hide the next bowler.
    const still = detector.deckStillSinceMs;
    const rackUp = this.phase === "unknown" || this.phase === "ready" ||
      (this.phase === "down" && this.#cycled && still !== null && t - still >= RACK_QUIET_MS);
    if (!rackUp) return [];
    return [this.#event("approach", t, LIVE_CONFIDENCE.approach, MOTION_MODEL)];
  }

  /** After `detector.onFrame()` of the frame captured at `t` (its state was `before`). */
  afterFrame(t: number, detector: ShotDetector, before: DetectorState): LaneEvent[] {
    const out: LaneEvent[] = [];
    const now = detector.state;
    // Any ball not told yet, even one whose rack-ready or approach was missed.
    const ballNotYet = this.phase !== "released";
    if (before === "ready" && now === "rolling" && ballNotYet) {
      const atMs = detector.releaseEstimateMs();
      out.push(this.#event("release", t, LIVE_CONFIDENCE.trackedRelease, this.#models.ball, atMs));
    } else if (before === "ready" && now === "settling" && ballNotYet) {
      // The deck moved for a ball nobody saw.
      const atMs = detector.lastOnsetMs + RELEASE_AFTER_ONSET_MS;
      out.push(
        this.#event("release", t, LIVE_CONFIDENCE.fallbackRelease, MOTION_MODEL, Math.min(t, atMs)),
      );
    } else if (
      this.phase === "approach" && now === "ready" &&
      t - detector.lastOnsetMs >= RELEASE_FALLBACK_MS
    ) {
      const atMs = detector.lastOnsetMs + RELEASE_AFTER_ONSET_MS;
      out.push(this.#event("release", t, LIVE_CONFIDENCE.fallbackRelease, MOTION_MODEL, atMs));
    }
    if (this.phase === "down" && detector.deckStillSinceMs === null) this.#cycled = true;
    if (this.phase !== "down") {
      if (before === "settling" && now === "reading") {
        out.push(this.#event("pinfall", t, LIVE_CONFIDENCE.settled, MOTION_MODEL));
      } else if (before === "settling" && now === "ready") {
        // The pins never kept still: the detector gave up on them.
        out.push(this.#event("pinfall", t, LIVE_CONFIDENCE.gaveUp, MOTION_MODEL));
      }
    }
    return out;
  }

  /** After the frame's pin reads (if any) are in: is the next rack ready? */
  afterPins(t: number, detector: ShotDetector): LaneEvent[] {
    const since = t - this.#phaseMs;
    const stale = this.phase === "released" && since >= STALE_RELEASE_MS;
    const reset = this.phase === "down" && (this.#cycled || since >= RACK_WITHOUT_CYCLE_MS);
    if (!(this.phase === "unknown" || reset || stale)) return [];
    if (detector.state !== "ready") return [];
    const still = detector.deckStillSinceMs;
    if (still === null || t - still < RACK_QUIET_MS) return [];
    // Never open a ball to bets while someone is already on the approach.
    const quiet = detector.approachQuietSinceMs;
    if (quiet === null || t - quiet < RACK_QUIET_MS) return [];
    const rack = detector.rackRead();
    // An empty deck is never a rack to bowl at (it is the middle of a cycle).
    if (!rack || rack.confidence < BEFORE_CONFIDENCE || rack.standing === 0) return [];
    return [
      this.#event("rack-ready", t, rack.confidence, this.#models.pins, undefined, rack.standing),
    ];
  }

  #event(
    type: LaneEventType,
    t: number,
    confidence: number,
    model: string,
    atMs?: number | null,
    standing?: number,
  ): LaneEvent {
    this.phase = PHASE_AFTER[type];
    this.#phaseMs = t;
    this.#cycled = false;
    const captureTimeMs = Math.round(t);
    return {
      id: laneEventId(this.#o.laneId, type, captureTimeMs),
      laneId: this.#o.laneId,
      type,
      captureTimeMs,
      ...(atMs !== undefined && atMs !== null && Number.isFinite(atMs)
        ? { atMs: Math.round(atMs) }
        : {}),
      confidence: Math.round(confidence * 1e4) / 1e4,
      model,
      models: this.#models,
      ...(standing !== undefined ? { standing } : {}),
    };
  }
}

const PHASE_AFTER: Record<LaneEventType, LivePhase> = {
  approach: "approach",
  release: "released",
  pinfall: "down",
  "rack-ready": "ready",
};
