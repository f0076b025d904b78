/**
 * The review queue: shots the AI was not sure of, whose markets wait for
 * staff. Polled while the console is open (its length is the badge in the
 * console's tabs). Staff confirm the AI's reading, override it (tap the pins
 * that fell on the deck, foul or not, and why) or void the shot's markets.
 *
 * Pins are 10-bit standing states (core/pins.ts): bit i is pin i + 1.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { FULL_RACK } from "../../core/pins.ts";
import { describeError, type LaneShot } from "../api.ts";
import { Poller } from "./poller.ts";
import type { ReviewDecision, ShotReview, StaffApi } from "./staff_api.ts";

/** The rack the shot's ball faced: as reported, else its markets' ball, else a full rack. Pure. */
export function rackOf(review: Pick<ShotReview, "standingBefore" | "markets">): number {
  return review.standingBefore ?? review.markets[0]?.ball.standing ?? FULL_RACK;
}

/** The pins the AI says fell (of the rack faced). Pure. */
export function proposedFallen(review: ShotReview): number {
  return rackOf(review) & ~review.proposed.standing;
}

/** The review as a shot the lane drawing can show (path, pins before and after). Pure. */
export function reviewShot(review: ShotReview): LaneShot {
  return {
    id: review.shot.id,
    laneId: review.shot.laneId,
    releasedAtMs: Date.parse(review.shot.releasedAt) || 0,
    status: "review",
    metrics: null,
    standingBefore: rackOf(review),
    standing: review.proposed.standing,
    pinConfidence: review.pinConfidence,
    trackConfidence: review.trackConfidence,
    foul: review.proposed.foul,
    foulConfidence: review.foulConfidence ?? null,
    gutter: false,
    path: review.path,
    models: review.models,
    createdAt: review.shot.releasedAt,
  };
}

export type ReviewMode = "override" | "void";

/** The shot being overridden or voided. */
export interface ReviewEdit {
  shotId: string;
  mode: ReviewMode;
  /** The rack the ball faced. */
  rack: number;
}

export interface ReviewQueueOptions {
  api: Pick<StaffApi, "listReviews" | "decideReview">;
  /** Default: 5000 ms. */
  pollMs?: number;
  document?: Pick<Document, "hidden" | "addEventListener" | "removeEventListener">;
}

export class ReviewQueueModel {
  /** The queue, oldest first as the server lists it, or null until the first answer. */
  readonly reviews = signal<ShotReview[] | null>(null);
  readonly count: ReadonlySignal<number> = computed(() => this.reviews.value?.length ?? 0);
  readonly error = signal<string | null>(null);
  /** Shot id a decision is being sent for. */
  readonly busy = signal<string | null>(null);
  readonly editing = signal<ReviewEdit | null>(null);
  /** Override: the pins tapped as fallen. */
  readonly fallen = signal(0);
  readonly foul = signal(false);
  readonly reason = signal("");
  readonly canSubmit: ReadonlySignal<boolean> = computed(() =>
    this.editing.value !== null && this.reason.value.trim().length >= 3
  );

  #api: ReviewQueueOptions["api"];
  #poller: Poller;

  constructor(options: ReviewQueueOptions) {
    this.#api = options.api;
    this.#poller = new Poller({
      intervalMs: options.pollMs ?? 5000,
      refresh: () => this.reload(),
      document: options.document,
    });
  }

  /** Keeps polling while at least one view holds it; call the result to let go. */
  retain(): () => void {
    return this.#poller.retain();
  }

  async reload(): Promise<void> {
    try {
      const { reviews } = await this.#api.listReviews();
      this.reviews.value = reviews;
      this.error.value = null;
      const editing = this.editing.peek();
      if (editing && !reviews.some((r) => r.shot.id === editing.shotId)) this.editing.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  /** Starts overriding (the deck shows what the AI read) or voiding a shot. */
  edit(review: ShotReview, mode: ReviewMode): void {
    this.editing.value = { shotId: review.shot.id, mode, rack: rackOf(review) };
    this.fallen.value = proposedFallen(review);
    this.foul.value = review.proposed.foul;
    this.reason.value = "";
    this.error.value = null;
  }

  cancel(): void {
    this.editing.value = null;
  }

  confirm(shotId: string): Promise<boolean> {
    return this.#decide(shotId, { action: "confirm" });
  }

  /** Sends the override or void being edited. */
  async submit(): Promise<boolean> {
    const editing = this.editing.peek();
    if (!editing || !this.canSubmit.peek()) return false;
    const reason = this.reason.peek().trim();
    const decision: ReviewDecision = editing.mode === "void" ? { action: "void", reason } : {
      action: "override",
      standing: editing.rack & ~this.fallen.peek(),
      foul: this.foul.peek(),
      reason,
    };
    return await this.#decide(editing.shotId, decision);
  }

  async #decide(shotId: string, decision: ReviewDecision): Promise<boolean> {
    this.busy.value = shotId;
    this.error.value = null;
    try {
      await this.#api.decideReview(shotId, decision);
      this.reviews.value = (this.reviews.peek() ?? []).filter((r) => r.shot.id !== shotId);
      if (this.editing.peek()?.shotId === shotId) this.editing.value = null;
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.busy.value = null;
    }
  }
}

/** Pins the AI was unsure of (P(standing) between 20 % and 80 %), with that probability. Pure. */
export function unsurePins(review: Pick<ShotReview, "pinProbabilities">): [number, number][] {
  return review.pinProbabilities.flatMap((p, i): [number, number][] =>
    p > 0.2 && p < 0.8 ? [[i + 1, p]] : []
  );
}
