/**
 * The video review queue: resolutions of uploads staff attached to a lane
 * ball whose read was below the auto-settle confidence. Loaded with the
 * review page; staff confirm the video's read, override it with another
 * outcome (or void) and a reason, or reject it (the market stays as it is).
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { StaffApi, VideoReview, VideoReviewDecision } from "./staff_api.ts";

/** The proposed outcome's label ("Yes", "Under"), or "No result" for a void read. Pure. */
export function proposedLabel(review: Pick<VideoReview, "proposed" | "market">): string {
  if (review.proposed === null) return "No result";
  return review.market.outcomes.find((o) => o.key === review.proposed)?.label ?? review.proposed;
}

/** What staff may choose instead of the video's read: the market's other outcomes, and void. Pure. */
export function overrideChoices(
  review: Pick<VideoReview, "proposed" | "market">,
): { key: string; label: string }[] {
  return [
    ...review.market.outcomes.filter((o) => o.key !== review.proposed).map((o) => ({
      key: o.key,
      label: o.label,
    })),
    ...(review.proposed === null ? [] : [{ key: "void", label: "Void (refund every stake)" }]),
  ];
}

export class VideoReviewModel {
  /** The queue, oldest first, or null until the first answer. */
  readonly reviews = signal<VideoReview[] | null>(null);
  readonly count: ReadonlySignal<number> = computed(() => this.reviews.value?.length ?? 0);
  readonly error = signal<string | null>(null);
  /** Resolution id a decision is being sent for. */
  readonly busy = signal<string | null>(null);
  /** The reason typed for an override or a rejection. */
  readonly reason = signal("");

  #api: Pick<StaffApi, "listVideoReviews" | "decideVideoReview">;

  constructor(api: Pick<StaffApi, "listVideoReviews" | "decideVideoReview">) {
    this.#api = api;
  }

  async reload(): Promise<void> {
    try {
      this.reviews.value = (await this.#api.listVideoReviews()).reviews;
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  confirm(id: string): Promise<boolean> {
    return this.#decide(id, { action: "confirm" });
  }

  /** Overrides with `outcome` (a key or "void"), or rejects; both need a reason of 3+ characters. */
  decideWithReason(id: string, choice: { outcome: string } | "reject"): Promise<boolean> {
    const reason = this.reason.peek().trim();
    if (reason.length < 3) {
      this.error.value = "Say why in at least 3 characters";
      return Promise.resolve(false);
    }
    return this.#decide(
      id,
      choice === "reject"
        ? { action: "reject", reason }
        : { action: "override", outcome: choice.outcome, reason },
    );
  }

  async #decide(id: string, decision: VideoReviewDecision): Promise<boolean> {
    this.busy.value = id;
    this.error.value = null;
    try {
      await this.#api.decideVideoReview(id, decision);
      this.reviews.value = (this.reviews.peek() ?? []).filter((r) => r.id !== id);
      this.reason.value = "";
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.busy.value = null;
    }
  }
}
