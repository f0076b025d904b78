import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { market } from "./market_fixture.ts";
import type { VideoReview, VideoReviewDecision } from "./staff_api.ts";
import { overrideChoices, proposedLabel, VideoReviewModel } from "./video_review_model.ts";

function videoReview(patch: Partial<VideoReview> = {}): VideoReview {
  return {
    id: "00000000-0000-4000-8000-00000000aaaa",
    analysisId: "00000000-0000-4000-8000-00000000bbbb",
    shotIndex: 0,
    kind: "strike",
    proposed: "yes",
    confidence: 0.9,
    detectedAt: 4.2,
    createdAt: "2026-12-07T12:00:00.000Z",
    market: market(),
    ...patch,
  };
}

function model(reviews: VideoReview[], decided: [string, VideoReviewDecision][], fail = false) {
  return new VideoReviewModel({
    listVideoReviews: () => Promise.resolve({ reviews }),
    decideVideoReview: (id, decision) => {
      decided.push([id, decision]);
      return fail
        ? Promise.reject(
          new ApiError({ status: 409, code: "market_closed", detail: "The market is final" }),
        )
        : Promise.resolve({});
    },
  });
}

Deno.test("a video review shows its read by the market's labels, and offers the others and void", () => {
  assert.equal(proposedLabel(videoReview()), "Yes");
  assert.equal(proposedLabel(videoReview({ proposed: null })), "No result");
  assert.deepEqual(overrideChoices(videoReview()).map((c) => c.key), ["no", "void"]);
  assert.deepEqual(overrideChoices(videoReview({ proposed: null })).map((c) => c.key), [
    "yes",
    "no",
  ]);
});

Deno.test("confirming sends the video's read and takes the resolution off the queue", async () => {
  const decided: [string, VideoReviewDecision][] = [];
  const m = model([videoReview()], decided);
  await m.reload();
  assert.equal(m.count.value, 1);
  assert.equal(await m.confirm(videoReview().id), true);
  assert.deepEqual(decided, [[videoReview().id, { action: "confirm" }]]);
  assert.equal(m.count.value, 0);
});

Deno.test("an override or rejection needs a reason; a refusal stays on the queue with its message", async () => {
  const decided: [string, VideoReviewDecision][] = [];
  const m = model([videoReview()], decided, true);
  await m.reload();
  assert.equal(await m.decideWithReason(videoReview().id, { outcome: "no" }), false);
  assert.equal(decided.length, 0);
  assert.match(m.error.value ?? "", /reason|why/i);
  m.reason.value = "Replay shows the 7 standing";
  assert.equal(await m.decideWithReason(videoReview().id, "reject"), false);
  assert.deepEqual(decided, [[videoReview().id, {
    action: "reject",
    reason: "Replay shows the 7 standing",
  }]]);
  assert.equal(m.count.value, 1);
  assert.match(m.error.value ?? "", /final/);
});
