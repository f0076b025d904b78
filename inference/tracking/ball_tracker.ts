/**
 * Follows one ball down the lane from per-frame detections: starts a track
 * when a few detections move down the lane at a bowling speed, then accepts
 * in each frame the detection nearest to where the track predicts the ball
 * (gating in lane units, scaled by how precisely each point is measured),
 * and ends the track when the ball reaches the pins or is lost. Pure: the
 * caller supplies capture times.
 */
import type { PathPoint } from "./path_fit.ts";

export interface LaneObservation extends PathPoint {
  confidence: number;
}

export type TrackState = "idle" | "tracking" | "done";

export interface BallTrackerOptions {
  /** A track starts from this many consistent detections. */
  confirmPoints: number;
  minSpeedFtS: number;
  maxSpeedFtS: number;
  /** Where a track may start (ft). */
  startMaxFt: number;
  /** The track ends when the ball passes this distance (ft). */
  endFt: number;
  /** ... or when no detection fits for this long (ms). */
  lostAfterMs: number;
  minConfidence: number;
}

export const BALL_TRACKER_DEFAULTS: Readonly<BallTrackerOptions> = Object.freeze({
  confirmPoints: 3,
  minSpeedFtS: 10,
  maxSpeedFtS: 45,
  startMaxFt: 50,
  endFt: 60.5,
  lostAfterMs: 500,
  minConfidence: 0.3,
});

const MAX_TENTATIVE = 12;
const onLane = (o: LaneObservation) => o.board > -8 && o.board < 48 && o.ft > -3 && o.ft < 64;

export class BallTracker {
  state: TrackState = "idle";
  readonly points: LaneObservation[] = [];
  #opts: BallTrackerOptions;
  #tentative: LaneObservation[][] = [];

  constructor(options: Partial<BallTrackerOptions> = {}) {
    this.#opts = { ...BALL_TRACKER_DEFAULTS, ...options };
  }

  /** Starts over, for the next ball. */
  reset(): void {
    this.state = "idle";
    this.points.length = 0;
    this.#tentative = [];
  }

  /** Feeds one frame's detections (already in lane units) at capture time `tMs`. */
  update(tMs: number, detections: LaneObservation[]): void {
    if (this.state === "done") return;
    const candidates = detections.filter((d) =>
      d.confidence >= this.#opts.minConfidence && onLane(d)
    );
    if (this.state === "idle") return this.#seek(tMs, candidates);
    const last = this.points[this.points.length - 1];
    const pred = this.predict(tMs);
    let best: LaneObservation | undefined;
    let bestD = Infinity;
    const dt = (tMs - last.tMs) / 1000;
    for (const c of candidates) {
      const gateFt = 1.2 + 4 * c.sigmaFt + 6 * dt;
      const gateBoard = 3 + 4 * c.sigmaBoard + 8 * dt;
      const dFt = Math.abs(c.ft - pred.ft) / gateFt;
      const dBoard = Math.abs(c.board - pred.board) / gateBoard;
      const d = Math.max(dFt, dBoard);
      if (d <= 1 && d < bestD) (best = c), (bestD = d);
    }
    if (best) this.points.push(best);
    const tail = this.points[this.points.length - 1];
    if (
      tail.ft >= this.#opts.endFt || pred.ft >= this.#opts.endFt + 1.5 ||
      tMs - tail.tMs > this.#opts.lostAfterMs
    ) {
      this.state = "done";
    }
  }

  /** Where the ball should be at `tMs`, from the last few points. */
  predict(tMs: number): { ft: number; board: number } {
    const pts = this.points.slice(-6);
    const last = pts[pts.length - 1];
    if (pts.length < 2) return { ft: last.ft, board: last.board };
    const first = pts[0];
    const dt = (last.tMs - first.tMs) / 1000;
    // A ball on the lane moves at a bowling speed: a track that stalls (the
    // ball still in the hand) must not drag the prediction to a standstill.
    const o = this.#opts;
    const vFt = Math.min(
      o.maxSpeedFtS,
      Math.max(o.minSpeedFtS, dt > 0 ? (last.ft - first.ft) / dt : o.minSpeedFtS),
    );
    const vBoard = dt > 0 ? (last.board - first.board) / dt : 0;
    const ahead = (tMs - last.tMs) / 1000;
    return { ft: last.ft + vFt * ahead, board: last.board + vBoard * ahead };
  }

  #seek(tMs: number, candidates: LaneObservation[]): void {
    const o = this.#opts;
    // Every candidate either extends a tentative track or starts one.
    const used = new Set<LaneObservation>();
    const kept: LaneObservation[][] = [];
    for (const track of this.#tentative) {
      const prev = track[track.length - 1];
      const dt = (tMs - prev.tMs) / 1000;
      if (dt > 0.25 || dt <= 0) continue;
      let next: LaneObservation | undefined;
      let bestD = Infinity;
      for (const c of candidates) {
        if (used.has(c)) continue;
        const v = (c.ft - prev.ft) / dt;
        const lateral = Math.abs(c.board - prev.board) / dt;
        if (v < o.minSpeedFtS || v > o.maxSpeedFtS || lateral > 60) continue;
        const d = Math.abs(c.board - prev.board) + Math.abs(v - 25) / 10;
        if (d < bestD) (bestD = d), (next = c);
      }
      if (next) {
        used.add(next);
        kept.push([...track, next]);
      } else kept.push(track);
    }
    for (const c of candidates) if (!used.has(c) && c.ft <= o.startMaxFt) kept.push([c]);
    this.#tentative = kept.slice(-MAX_TENTATIVE);
    const confirmed = this.#tentative.find((t) => t.length >= o.confirmPoints);
    if (confirmed) {
      this.points.push(...confirmed);
      this.#tentative = [];
      this.state = "tracking";
    }
  }
}
