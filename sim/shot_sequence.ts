/**
 * The endless run of shots on one simulated lane. Shots are planned in order
 * (each needs the pins the previous one left) and remembered as small
 * records; full plans are rebuilt on demand and a few recent ones cached.
 */
import { type BallSlot, firstSlot } from "./frame_logic.ts";
import type { ShotTruth } from "./ground_truth.ts";
import { planShot, type ShotPlan } from "./shot_plan.ts";

export interface ShotSequenceOptions {
  seed: number;
  lane: number;
  fps: number;
  /**
   * Picks the slot of each new shot from the one the game logic planned, when
   * it is planned (the live simulator follows the lane's open session with it).
   */
  steer?: (planned: BallSlot) => BallSlot;
}

const CACHE_SIZE = 4;

export class ShotSequence {
  readonly #opts: ShotSequenceOptions;
  readonly #starts: number[] = [];
  readonly #slots: BallSlot[] = [];
  readonly #truths: ShotTruth[] = [];
  #nextStart = 0;
  #nextSlot: BallSlot = firstSlot();
  readonly #cache = new Map<number, ShotPlan>();

  constructor(opts: ShotSequenceOptions) {
    this.#opts = opts;
  }

  /** Index of the shot in progress at `frameIndex`. */
  shotIndexAt(frameIndex: number): number {
    if (!(frameIndex >= 0)) throw new RangeError(`Cannot find frame "${frameIndex}"`);
    while (this.#nextStart <= frameIndex) this.#planNext();
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid] <= frameIndex) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Full plan of the shot in progress at `frameIndex`. */
  planAt(frameIndex: number): ShotPlan {
    return this.plan(this.shotIndexAt(frameIndex));
  }

  /** Full plan of shot `index` (planned already). */
  plan(index: number): ShotPlan {
    const hit = this.#cache.get(index);
    if (hit) return hit;
    const plan = planShot({
      ...this.#opts,
      index,
      slot: this.#slots[index],
      startFrame: this.#starts[index],
    });
    this.#remember(plan);
    return plan;
  }

  /** Ground truth of shot `index` (planned already). */
  truth(index: number): ShotTruth {
    const t = this.#truths[index];
    if (!t) throw new RangeError(`Cannot find shot "${index}"`);
    return t;
  }

  /** Ground truth of every shot that has started by `frameIndex`. */
  truthsUpTo(frameIndex: number): ShotTruth[] {
    return this.#truths.slice(0, this.shotIndexAt(frameIndex) + 1);
  }

  #planNext(): void {
    const index = this.#starts.length;
    const plan = planShot({
      ...this.#opts,
      index,
      slot: this.#opts.steer?.(this.#nextSlot) ?? this.#nextSlot,
      startFrame: this.#nextStart,
    });
    this.#starts.push(plan.startFrame);
    this.#slots.push(plan.slot);
    this.#truths.push(plan.truth);
    this.#nextStart = plan.endFrame;
    this.#nextSlot = plan.next;
    this.#remember(plan);
  }

  #remember(plan: ShotPlan): void {
    this.#cache.delete(plan.index);
    this.#cache.set(plan.index, plan);
    if (this.#cache.size > CACHE_SIZE) {
      this.#cache.delete(this.#cache.keys().next().value!);
    }
  }
}
