/**
 * One lane's shot logic, frame by frame: bowler motion on the approach, the
 * ball's track down the lane, the pins settling, and reads of the pins
 * before the ball and after they settle. It asks the caller for pin reads
 * (so models run batched outside it) and emits one report per shot.
 *
 *   ready ──ball tracked──▶ rolling ──track ends──▶ settling ──deck quiet──▶ reading ──▶ ready
 *     └──pinsetter cycles after the bowler's approach, no ball seen──▶ settling
 *
 * The last path is how an alley's own scoring counts a ball nobody saw (a
 * dark ball in a dark gutter): the pinsetter cycled, so a ball reached the
 * pit. Its pins are read the first time the deck is still again: after pins
 * fell, in a pause of the cycle, or with the next rack set (read only where
 * pins stood before, so a fresh rack reads as "none fell"). Such a shot has
 * no track or metrics and never settles without a person.
 */
import type { BallDetection, Frame, PinStateResult } from "../models/types.ts";
import { BallTracker, type LaneObservation } from "../tracking/ball_tracker.ts";
import type { LaneView } from "../tracking/lane_view.ts";
import type { PathPoint } from "../tracking/path_fit.ts";
import { fitShotPath } from "../tracking/shot_path.ts";
import {
  CropRing,
  FOUL_CROP_EVERY_MS,
  FOUL_FROM_MS,
  FOUL_TO_MS,
  type FoulVerdict,
  foulVerdict,
} from "./foul_vote.ts";
import { motionFraction } from "./motion.ts";
import { AUTO_SETTLE_CONFIDENCE, combinePinReads, PIN_READS } from "./pin_vote.ts";
import {
  buildShotReport,
  buildUnseenShotReport,
  contactFt,
  type ShotReport,
} from "./shot_report.ts";

export const MOTION_MODEL = "motion-rules@1";
/** Deck counts as still below this fraction of changed pixels. */
export const DECK_STILL = 0.004;
/** The approach counts as moving above this fraction. */
export const APPROACH_MOVING = 0.01;
/** Pins have settled after the deck is still this long (ms)... */
export const SETTLE_QUIET_MS = 250;
/** ...and at least this long after impact (ms). */
export const SETTLE_AFTER_IMPACT_MS = 1200;
/** Give up waiting for the pins this long after impact (ms). */
export const SETTLE_TIMEOUT_MS = 8000;
/** A track that ends before this distance (ft) was lost, not finished: look for the ball again. */
export const TRACK_REACH_FT = 40;
/** Pieces of a lost track wait this long (ms) for the ball to be found again further down. */
export const PIECE_WAIT_MS = 1500;
/**
 * A lost piece and the track found after it belong to one ball only when it
 * could have gone from one to the other at this speed (ft/s; balls roll
 * 20–32), checked across gaps of `PIECE_GAP_CHECK_MS` or more.
 */
export const PIECE_SPEED_FT_S = { min: 10, max: 45 } as const;
export const PIECE_GAP_CHECK_MS = 300;
/** A lost track alone still makes a shot when it covers this many feet. */
export const PIECE_SHOT_SPAN_FT = 20;
/**
 * Pins settle within about 2 s of impact; the pinsetter sweeps 0.2–0.5 s
 * later and has set the next rack about 2.4 s after that. Reads that only
 * start this long after impact may be of the next rack: never settled
 * without a person.
 */
export const LATE_READ_MS = 2800;
/** Pre-shot reads are trusted as "the pins standing before" at this confidence. */
export const BEFORE_CONFIDENCE = 0.99;
/** A ball showing this share of itself or more is measured as well as its size allows... */
export const VISIBLE_FULL = 0.9;
/**
 * ...one showing half or less has its board this many times less sure: the
 * bowler hides one side and its centre seems to move away from him (its
 * distance down the lane stays as good).
 */
export const HIDDEN_BOARD_SIGMA = 6;
/** Deck motion this long after a shot ended is still that shot's pinsetter cycle (ms; the cycle takes 2.35 s). */
export const CYCLE_GUARD_MS = 4500;
/**
 * A pinsetter cycle with no ball seen counts as a shot when the bowler showed
 * on the approach this long before it (ms): release, the ball's 2–3.5 s to
 * the pit, the sweep.
 */
export const UNSEEN_ONSET_MS = { min: 2500, max: 8000 } as const;
/**
 * The release follows the first motion seen on the approach by this much
 * (ms; tuning seeds: mean 1417, sd 114, range 1195–1631).
 */
export const RELEASE_AFTER_ONSET_MS = 1420;

/**
 * A detection at least this big for its place on the lane (its radius over a
 * whole ball's there) shows the whole ball...
 */
export const RADIUS_FULL = 0.95;
/** ...and one this small shows about half of it. */
export const RADIUS_HALF = 0.75;

/**
 * The share of the ball that shows, judged from its size: a ball partly
 * behind the bowler looks smaller than a ball at that spot (and the visible
 * share the model gives can miss it when the bowler's skin looks like the
 * lane). Scaled so that RADIUS_FULL reads as VISIBLE_FULL and RADIUS_HALF as 0.5.
 */
export function visibleFromRadius(ratio: number): number {
  if (!Number.isFinite(ratio)) return 1;
  const k = (ratio - RADIUS_HALF) / (RADIUS_FULL - RADIUS_HALF);
  return Math.min(1, Math.max(0, 0.5 + k * (VISIBLE_FULL - 0.5)));
}

/** How much less sure a detection's board is, from the share of the ball that shows. */
export function hiddenBoardScale(visible: number | undefined): number {
  if (visible === undefined || visible >= VISIBLE_FULL) return 1;
  const k = Math.min(1, (VISIBLE_FULL - visible) / (VISIBLE_FULL - 0.5));
  return 1 + (HIDDEN_BOARD_SIGMA - 1) * k;
}

export type DetectorState = "ready" | "rolling" | "settling" | "reading";
export type PinRead = "before" | "after";

export interface ShotDetectorOptions {
  laneId: string;
  view: LaneView;
  models: { ball: string; pins: string; foul?: string };
  /** Bytes of one foul-line crop, when a foul classifier runs (else fouls are not judged). */
  foulCropBytes?: number;
}

export class ShotDetector {
  state: DetectorState = "ready";
  readonly #o: ShotDetectorOptions;
  readonly #tracker = new BallTracker();
  #prev: Uint8Array | null = null;
  #frames = 0;
  /** Capture time of the newest frame. */
  #nowMs = 0;
  #approachMoving = false;
  #approachQuietSince = 0;
  #onsets: number[] = [];
  #before: PinStateResult[] = [];
  #after: PinStateResult[] = [];
  #impactMs = 0;
  #quietSince: number | null = null;
  #settledMs: number | null = null;
  #pending: ShotReport[] = [];
  #fit: ReturnType<typeof fitShotPath> = null;
  /** Points of tracks lost before the pins, for the track that finds the ball again. */
  #pieces: PathPoint[] = [];
  #standingBefore: number | null = null;
  /** When the last shot (seen or not) ended, for telling its pinsetter cycle from a new one. */
  #lastEndMs = -Infinity;
  /** A ball nobody saw, from its pinsetter cycle to its report, else null. */
  #unseen: { releaseMs: number; onsetMs: number } | null = null;
  readonly #foulCrops: CropRing | null;
  #foulAsk: Uint8Array[] | null = null;
  #foul: FoulVerdict | null = null;
  /** Where the caller writes this frame's foul-line crop (null: no crop wanted). */
  foulSlot: Uint8Array | null = null;
  /** Capture time since which the deck has been still, or null while it moves. */
  #deckStillSince: number | null = null;
  /** The frame whose motion was taken in last, and its deck's share that changed. */
  #observed: Frame | null = null;
  #deck = 1;

  constructor(options: ShotDetectorOptions) {
    this.#o = options;
    this.#foulCrops = options.foulCropBytes ? new CropRing(options.foulCropBytes) : null;
  }

  /** Crops to classify for the foul verdict of the shot just seen (once), or null. */
  takeFoulRequest(): Uint8Array[] | null {
    const out = this.#foulAsk;
    this.#foulAsk = null;
    return out;
  }

  /** P(foul) of the crops handed out by `takeFoulRequest`. */
  onFoul(probabilities: readonly number[]): void {
    this.#foul = foulVerdict(probabilities);
  }

  /** Capture time of the latest start of motion on the approach (-Infinity before any). */
  get lastOnsetMs(): number {
    return this.#onsets.length ? this.#onsets[this.#onsets.length - 1] : -Infinity;
  }

  /** Capture time since which nobody has moved on the approach, or null while someone does. */
  get approachQuietSinceMs(): number | null {
    return this.#approachMoving ? null : this.#approachQuietSince;
  }

  /** Capture time since which the deck has been still, or null while it moves. */
  get deckStillSinceMs(): number | null {
    return this.#deckStillSince;
  }

  /** The pins as read standing while the deck is still before a ball (up to the last 4 reads). */
  rackRead(): ReturnType<typeof combinePinReads> {
    return this.state === "ready" ? combinePinReads(this.#before) : null;
  }

  /**
   * When the ball being tracked crossed the foul line, extrapolated back from
   * its first tracked points at their speed; null when not tracking or unsure.
   */
  releaseEstimateMs(): number | null {
    const pts = this.#tracker.points;
    if (this.state !== "rolling" || pts.length < 2) return null;
    const a = pts[0], b = pts[pts.length - 1];
    const v = (b.ft - a.ft) / (b.tMs - a.tMs);
    if (!(v > 0) || !Number.isFinite(v)) return null;
    const t0 = a.tMs - a.ft / v;
    return Math.abs(t0 - a.tMs) <= 1000 ? Math.round(t0) : null;
  }

  /** Reports finished since the last call. */
  take(): ShotReport[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  /**
   * Takes in the frame's motion on the approach and the deck (no model
   * needed), so the bowler's start is known before the ball detector runs;
   * `onFrame()` does it for a frame not observed yet.
   */
  observe(frame: Frame): void {
    if (this.#observed === frame) return;
    this.#observed = frame;
    const t = frame.captureTimeMs;
    const v = this.#o.view;
    const prev = this.#prev;
    const sameSize = prev && prev.length === frame.data.length;
    const deck = sameSize ? motionFraction(prev, frame.data, frame.width, v.deckRegion) : 1;
    const approach = sameSize ? motionFraction(prev, frame.data, frame.width, v.approachRegion) : 0;
    this.#prev = frame.data;
    this.#frames++;
    this.#nowMs = t;
    this.#deck = deck;
    if (deck > DECK_STILL) this.#deckStillSince = null;
    else this.#deckStillSince ??= t;
    this.#trackApproach(t, approach);
  }

  /**
   * Feeds a frame and its ball detections; returns which pin read (if any) to
   * run on this frame. `null` detections: the ball detector did not look at
   * this frame (an idle frame thinned out while waiting for a ball), which is
   * not the same as looking and finding no ball (the tracker skips it).
   */
  onFrame(frame: Frame, detections: BallDetection[] | null): PinRead | null {
    this.observe(frame);
    const t = frame.captureTimeMs;
    const v = this.#o.view;
    const deck = this.#deck;
    this.foulSlot = null;
    const ring = this.#foulCrops;
    if (
      ring && (this.state === "ready" || this.state === "rolling") &&
      t - ring.newest >= FOUL_CROP_EVERY_MS
    ) {
      this.foulSlot = ring.claim(t);
    }
    const obs: LaneObservation[] = (detections ?? []).map((d) => {
      const p = v.ballToLane(d.x, d.y, d.radius);
      const s = v.ballSigma(d.x, d.y, d.radius);
      return {
        tMs: t,
        board: p.board,
        ft: p.ft,
        sigmaBoard: s.board *
          hiddenBoardScale(
            Math.min(d.visible ?? 1, visibleFromRadius(d.radius / v.ballRadiusPx(d.x, d.y))),
          ),
        sigmaFt: s.ft,
        confidence: d.confidence,
      };
    });
    switch (this.state) {
      case "ready":
        if (detections) this.#tracker.update(t, obs);
        if (this.#tracker.state !== "idle") {
          this.state = "rolling";
          return null;
        }
        if (deck > DECK_STILL) {
          if (this.#wakeUnseen(t)) return null;
          this.#before = [];
        }
        return deck <= DECK_STILL && this.#frames % 6 === 0 ? "before" : null;
      case "rolling":
        if (detections) this.#tracker.update(t, obs);
        if (this.#tracker.state === "done") this.#endTrack(t);
        else if (
          this.#tracker.state === "idle" &&
          (!this.#pieces.length || t - this.#pieces[this.#pieces.length - 1].tMs > PIECE_WAIT_MS)
        ) this.#endPieces(t);
        return null;
      case "settling":
        if (deck <= DECK_STILL) this.#quietSince ??= t;
        else this.#quietSince = null;
        if (
          this.#quietSince !== null && t - this.#quietSince >= SETTLE_QUIET_MS &&
          (this.#unseen || t - this.#impactMs >= SETTLE_AFTER_IMPACT_MS)
        ) {
          this.state = "reading";
          this.#settledMs = t;
          this.#after = [];
          return "after";
        }
        if (t - this.#impactMs > SETTLE_TIMEOUT_MS) this.#finish();
        return null;
      case "reading":
        // The sweep coming down ends the reads.
        if (deck > DECK_STILL) {
          this.#finish();
          return null;
        }
        return "after";
    }
  }

  /** The result of a pin read asked for by `onFrame`. */
  onPins(kind: PinRead, result: PinStateResult): void {
    if (kind === "before") {
      this.#before.push(result);
      if (this.#before.length > 4) this.#before.shift();
      return;
    }
    if (this.state !== "reading") return;
    this.#after.push(result);
    if (this.#after.length >= PIN_READS) this.#finish();
  }

  /**
   * The deck moved while no ball was tracked: a ball nobody saw when the pins
   * were read standing just before, the bowler came up the approach a few
   * seconds ago, and the last shot's own pinsetter cycle is over.
   */
  #wakeUnseen(t: number): boolean {
    if (this.#tracker.state !== "idle" || this.#pieces.length) return false;
    if (t - this.#lastEndMs < CYCLE_GUARD_MS) return false;
    const before = combinePinReads(this.#before);
    if (!before || before.confidence < BEFORE_CONFIDENCE) return false;
    const onset = this.#onsets.findLast((o) =>
      o > this.#lastEndMs && o <= t - UNSEEN_ONSET_MS.min && o >= t - UNSEEN_ONSET_MS.max
    );
    if (onset === undefined) return false;
    this.state = "settling";
    this.#unseen = { releaseMs: onset + RELEASE_AFTER_ONSET_MS, onsetMs: onset };
    this.#standingBefore = before.standing;
    this.#impactMs = t;
    this.#quietSince = null;
    return true;
  }

  #trackApproach(t: number, fraction: number): void {
    if (fraction > APPROACH_MOVING) {
      if (!this.#approachMoving && t - this.#approachQuietSince >= 150) this.#onsets.push(t);
      this.#approachMoving = true;
    } else {
      if (this.#approachMoving) this.#approachQuietSince = t;
      this.#approachMoving = false;
    }
    while (this.#onsets.length > 20) this.#onsets.shift();
  }

  /** The tracker ended: a track to the pins ends the ball's path; a lost one waits for more. */
  #endTrack(t: number): void {
    const pts = this.#tracker.points.filter((p) => p.ft >= -0.5 && p.ft <= 60.2);
    let reach = Math.max(-Infinity, ...this.#tracker.points.map((p) => p.ft));
    const last = this.#pieces[this.#pieces.length - 1];
    const gapS = last && pts.length ? (pts[0].tMs - last.tMs) / 1000 : 0;
    const speed = gapS ? (pts[0].ft - last.ft) / gapS : 0;
    if (
      gapS * 1000 >= PIECE_GAP_CHECK_MS &&
      !(speed >= PIECE_SPEED_FT_S.min && speed <= PIECE_SPEED_FT_S.max)
    ) {
      // Not the same ball (something on the bowler taken for it): keep the longer of the two.
      if (pts.length >= this.#pieces.length) this.#pieces = [];
      else {
        pts.length = 0;
        reach = Math.max(...this.#pieces.map((p) => p.ft));
      }
    }
    this.#pieces.push(...pts);
    this.#tracker.reset();
    if (reach < TRACK_REACH_FT && this.#pieces.length) return;
    this.#fitPieces(t);
  }

  /** No ball found again after a lost track: a shot if what was seen covers enough lane. */
  #endPieces(t: number): void {
    const fts = this.#pieces.map((p) => p.ft);
    if (fts.length && Math.max(...fts) - Math.min(...fts) >= PIECE_SHOT_SPAN_FT) {
      this.#fitPieces(t);
    } else this.#reset();
  }

  #fitPieces(t: number): void {
    this.#fit = fitShotPath(this.#pieces);
    this.#pieces = [];
    this.#foul = null;
    if (this.#fit && this.#foulCrops) {
      const release = this.#fit.timeAtFt(0);
      this.#foulAsk = this.#foulCrops.between(release + FOUL_FROM_MS, release + FOUL_TO_MS);
    }
    const before = combinePinReads(this.#before);
    this.#standingBefore = before && before.confidence >= BEFORE_CONFIDENCE
      ? before.standing
      : null;
    const impact = this.#fit
      ? this.#fit.timeAtFt(contactFt(this.#fit, this.#standingBefore ?? 0x3ff))
      : t;
    // A wild fit must not keep the lane waiting for pins forever.
    this.#impactMs = Number.isFinite(impact) ? Math.min(Math.max(impact, t - 4000), t + 2000) : t;
    this.#quietSince = null;
    this.state = this.#fit ? "settling" : "ready";
    if (!this.#fit) this.#reset();
  }

  #finish(): void {
    const fit = this.#fit;
    if (fit) {
      const release = fit.timeAtFt(0);
      // The approach: the last time the bowler started moving, at least 1.2 s before release.
      const onset = this.#onsets.findLast((o) => o <= release - 1200 && o >= release - 4000);
      this.#pending.push(buildShotReport({
        laneId: this.#o.laneId,
        path: fit,
        approach: onset !== undefined ? { captureTimeMs: onset, confidence: 0.8 } : null,
        standingBefore: this.#standingBefore,
        after: this.#afterVote(),
        foul: this.#foul,
        settledMs: this.#settledMs,
        models: { ...this.#o.models, motion: MOTION_MODEL },
      }));
    } else if (this.#unseen) {
      this.#pending.push(buildUnseenShotReport({
        laneId: this.#o.laneId,
        releaseMs: this.#unseen.releaseMs,
        approach: { captureTimeMs: this.#unseen.onsetMs, confidence: 0.8 },
        standingBefore: this.#standingBefore,
        after: this.#afterVote(),
        settledMs: this.#settledMs,
        models: { ...this.#o.models, motion: MOTION_MODEL },
      }));
    }
    this.#lastEndMs = this.#nowMs;
    this.#reset();
  }

  #afterVote(): ReturnType<typeof combinePinReads> {
    const vote = combinePinReads(this.#after, this.#standingBefore ?? 0x3ff);
    if (!vote || this.#settledMs === null || this.#settledMs - this.#impactMs <= LATE_READ_MS) {
      return vote;
    }
    return { ...vote, confidence: Math.min(vote.confidence, AUTO_SETTLE_CONFIDENCE - 0.01) };
  }

  #reset(): void {
    this.state = "ready";
    this.#tracker.reset();
    this.#pieces = [];
    this.#fit = null;
    this.#after = [];
    this.#before = [];
    this.#settledMs = null;
    this.#standingBefore = null;
    this.#foul = null;
    this.#foulAsk = null;
    this.#unseen = null;
  }
}
