import { ballLabel, formatPercent, kindLabel, lineLabel } from "./market_format.ts";
import { ReasonField } from "./reason_field.tsx";
import type { VideoReview } from "./staff_api.ts";
import { overrideChoices, proposedLabel, type VideoReviewModel } from "./video_review_model.ts";

/** One video resolution: the market, the video's read and how sure, and the decision. */
function VideoReviewItem({ review, model }: { review: VideoReview; model: VideoReviewModel }) {
  const busy = model.busy.value === review.id;
  const m = review.market;
  return (
    <li class="review panel" data-video-review={review.id}>
      <h3 class="panel__title review__title video-reviews__item-title">
        Lane {m.laneId} <span class="muted">{ballLabel(m.ball)}</span>
      </h3>
      <p class="panel__text">
        {[kindLabel(m.kind), lineLabel(m)].filter(Boolean).join(" ")}: the video reads{" "}
        <strong>{proposedLabel(review)}</strong> ({formatPercent(review.confidence)} sure, at{" "}
        {review.detectedAt.toFixed(1)} s)
      </p>
      <div class="review__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={busy}
          onClick={() => model.confirm(review.id)}
        >
          Confirm {proposedLabel(review)}
        </button>
        {overrideChoices(review).map((c) => (
          <button
            key={c.key}
            type="button"
            class="button"
            disabled={busy}
            onClick={() => model.decideWithReason(review.id, { outcome: c.key })}
          >
            {c.label}
          </button>
        ))}
        <button
          type="button"
          class="button"
          disabled={busy}
          onClick={() => model.decideWithReason(review.id, "reject")}
        >
          Reject the video
        </button>
      </div>
    </li>
  );
}

/** Video resolutions waiting for staff; nothing when none waits. */
export function VideoReviewList({ model }: { model: VideoReviewModel }) {
  const list = model.reviews.value;
  if (!list?.length && !model.error.value) return null;
  return (
    <section class="video-reviews" aria-labelledby="video-reviews-title">
      <h2 class="video-reviews__title" id="video-reviews-title">Video resolutions</h2>
      {model.error.value && <p class="notice" role="alert">{model.error}</p>}
      {list && list.length > 0 && (
        <>
          <ReasonField
            value={model.reason}
            placeholder="Why you override or reject the read"
          />
          <ul class="reviews">
            {list.map((r) => <VideoReviewItem key={r.id} review={r} model={model} />)}
          </ul>
        </>
      )}
    </section>
  );
}
