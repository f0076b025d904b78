import { useEffect, useMemo } from "preact/hooks";
import { ReviewCard } from "./review_card.tsx";
import type { ReviewQueueModel } from "./review_model.ts";
import type { ShareApi } from "../share/share_api.ts";
import type { StaffApi } from "./staff_api.ts";
import { VideoReviewList } from "./video_review_list.tsx";
import { VideoReviewModel } from "./video_review_model.ts";

/** The review queue: shots the AI was not sure of, oldest first, each to confirm, override or void. */
export function ReviewPage(
  { reviews, clipApi, staffApi }: {
    reviews: ReviewQueueModel;
    clipApi: ShareApi;
    staffApi: Pick<StaffApi, "listVideoReviews" | "decideVideoReview">;
  },
) {
  const videos = useMemo(() => new VideoReviewModel(staffApi), [staffApi]);
  useEffect(() => {
    document.title = "Review queue · Console · Lanecast";
    void reviews.reload();
    void videos.reload();
  }, [reviews, videos]);
  const list = reviews.reviews.value;

  return (
    <section class="page">
      <header class="page-head">
        <h1 class="page-head__title">Review queue</h1>
        <p class="page-head__lede">
          Shots the AI was not sure of. Their markets stay suspended until you confirm the AI's
          reading, override it, or void them.
        </p>
      </header>
      {reviews.error.value && <p class="notice" role="alert">{reviews.error}</p>}
      {list === null && <p class="muted">Loading…</p>}
      {list?.length === 0 && (
        <p class="panel panel__text" data-testid="reviews-none">
          No shots to review: every shot the AI saw was sure enough to settle by itself.
        </p>
      )}
      {list && list.length > 0 && (
        <ul class="reviews">
          {list.map((r) => (
            <ReviewCard key={r.shot.id} review={r} model={reviews} clipApi={clipApi} />
          ))}
        </ul>
      )}
      <VideoReviewList model={videos} />
    </section>
  );
}
