/**
 * Which lanes' frames the sidecar analyses in the next round when the CPU is
 * short. Every round takes at most one frame (the newest) per lane, so lanes
 * share the work evenly. While rounds keep up with the camera, every lane's
 * newest frame is analysed. Once they fall behind (the rounds' mean time is
 * over a frame's time), a lane in a shot — from the bowler's approach to the
 * pinfall, until its pins are read — keeps the full rate, and an idle lane
 * gets one frame per `idleGapMs` (its other frames are thinned), which leaves
 * the time to the lanes whose balls are rolling.
 */
import type { Frame } from "../models/types.ts";
import type { FrameSlot } from "./frame_slot.ts";

export interface ScheduledLane {
  laneId: string;
  slot: FrameSlot;
}

export interface FrameSchedulerOptions {
  /** An idle lane's frames are this far apart while the sidecar is behind. */
  idleGapMs: number;
  /** A camera frame's time (30 fps): rounds slower than this mean the sidecar is behind. */
  frameMs?: number;
  now?: () => number;
}

/** Weight of the newest round in the mean round time. */
const ROUND_WEIGHT = 0.2;

export class FrameScheduler {
  readonly #o: Required<FrameSchedulerOptions>;
  readonly #lastIdle = new Map<string, number>();
  /** Mean time of a round (ms). */
  roundMs = 0;

  constructor(o: FrameSchedulerOptions) {
    this.#o = { frameMs: 1000 / 30, now: () => performance.now(), ...o };
  }

  /** Whether idle lanes are thinned now. */
  get behind(): boolean {
    return this.#o.idleGapMs > 0 && this.roundMs > this.#o.frameMs;
  }

  /** The frames of the next round; `busy(lane)` tells a lane in a shot. */
  pick(lanes: Iterable<ScheduledLane>, busy: (laneId: string) => boolean): Frame[] {
    const now = this.#o.now();
    const behind = this.behind;
    const out: Frame[] = [];
    for (const { laneId, slot } of lanes) {
      if (!slot.pending) continue;
      if (behind && !busy(laneId)) {
        if (now - (this.#lastIdle.get(laneId) ?? -Infinity) < this.#o.idleGapMs) {
          slot.thin();
          continue;
        }
      }
      const frame = slot.take();
      if (!frame) continue;
      if (!busy(laneId)) this.#lastIdle.set(laneId, now);
      out.push(frame);
    }
    return out;
  }

  /** Tells the time a round took. */
  roundDone(ms: number): void {
    this.roundMs = this.roundMs === 0 ? ms : this.roundMs + (ms - this.roundMs) * ROUND_WEIGHT;
  }

  forget(laneId: string): void {
    this.#lastIdle.delete(laneId);
  }
}
