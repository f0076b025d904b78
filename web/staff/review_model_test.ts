import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { market, review } from "./market_fixture.ts";
import {
  proposedFallen,
  rackOf,
  ReviewQueueModel,
  reviewShot,
  unsurePins,
} from "./review_model.ts";
import type { ReviewDecision, ShotReview } from "./staff_api.ts";

function queue(reviews: ShotReview[], decided: [string, ReviewDecision][] = []) {
  return new ReviewQueueModel({
    api: {
      listReviews: () => Promise.resolve({ reviews }),
      decideReview: (shotId, decision) => {
        decided.push([shotId, decision]);
        return Promise.resolve({});
      },
    },
  });
}

Deno.test("the rack a reviewed ball faced: as reported, else its markets' ball, else full", () => {
  assert.equal(rackOf(review({ standingBefore: 0b11 })), 0b11);
  const leave = market({ ball: { ...market().ball, ball: 2, standing: 0b100_0000 } });
  assert.equal(rackOf(review({ markets: [leave] })), 0b100_0000);
  assert.equal(rackOf(review({ markets: [] })), 0x3ff);
});

Deno.test("the AI's proposal on the deck: every pin of the rack but those it saw standing", () => {
  assert.equal(proposedFallen(review()), 0x1ff, "pins 1–9 fell, the 10 stands");
  assert.equal(
    proposedFallen(
      review({
        standingBefore: 0b11,
        proposed: { standing: 0b10, pinsStanding: [2], foul: false },
      }),
    ),
    0b01,
  );
});

Deno.test("reviewShot() draws the proposed leave on the rack faced along the shot's path", () => {
  const shot = reviewShot(review());
  assert.equal(shot.id, "shot-0001");
  assert.equal(shot.standingBefore, 0x3ff);
  assert.equal(shot.standing, 0b10_0000_0000);
  assert.equal(shot.path.length, 2);
  assert.equal(shot.status, "review");
});

Deno.test("the queue's length is the console's badge", async () => {
  const model = queue([review(), review({ shot: { ...review().shot, id: "shot-0002" } })]);
  assert.equal(model.count.value, 0);
  await model.reload();
  assert.equal(model.count.value, 2);
});

Deno.test("confirming sends confirm and takes the shot off the queue", async () => {
  const decided: [string, ReviewDecision][] = [];
  const model = queue([review(), review({ shot: { ...review().shot, id: "shot-0002" } })], decided);
  await model.reload();
  assert.equal(await model.confirm("shot-0001"), true);
  assert.deepEqual(decided, [["shot-0001", { action: "confirm" }]]);
  assert.deepEqual(model.reviews.value!.map((r) => r.shot.id), ["shot-0002"]);
});

Deno.test("overriding starts from the AI's reading and sends the pins left standing", async () => {
  const decided: [string, ReviewDecision][] = [];
  const model = queue([review()], decided);
  await model.reload();
  model.edit(review(), "override");
  assert.equal(model.fallen.value, 0x1ff);
  model.fallen.value ^= 1 << 9; // the 10 fell too
  model.fallen.value ^= 1 << 6; // but the 7 stood
  model.foul.value = true;
  model.reason.value = "no";
  assert.equal(model.canSubmit.value, false, "a reason of 3+ characters is needed");
  model.reason.value = "The 7 stood, foul line crossed";
  assert.equal(await model.submit(), true);
  assert.deepEqual(decided, [["shot-0001", {
    action: "override",
    standing: 1 << 6,
    foul: true,
    reason: "The 7 stood, foul line crossed",
  }]]);
  assert.equal(model.editing.value, null);
  assert.deepEqual(model.reviews.value, []);
});

Deno.test("voiding sends the reason only", async () => {
  const decided: [string, ReviewDecision][] = [];
  const model = queue([review()], decided);
  await model.reload();
  model.edit(review(), "void");
  model.reason.value = "  Camera blocked  ";
  await model.submit();
  assert.deepEqual(decided, [["shot-0001", { action: "void", reason: "Camera blocked" }]]);
});

Deno.test("a refused decision keeps the shot and the form and says why", async () => {
  const model = new ReviewQueueModel({
    api: {
      listReviews: () => Promise.resolve({ reviews: [review()] }),
      decideReview: () =>
        Promise.reject(
          new ApiError({ status: 409, code: "market_state", detail: "Already settled" }),
        ),
    },
  });
  await model.reload();
  model.edit(review(), "void");
  model.reason.value = "Camera blocked";
  assert.equal(await model.submit(), false);
  assert.equal(model.error.value, "Already settled");
  assert.equal(model.editing.value?.shotId, "shot-0001");
  assert.equal(model.count.value, 1);
});

Deno.test("a shot someone else decided leaves the queue and closes its form on reload", async () => {
  let reviews = [review()];
  const model = new ReviewQueueModel({
    api: {
      listReviews: () => Promise.resolve({ reviews }),
      decideReview: () => Promise.resolve({}),
    },
  });
  await model.reload();
  model.edit(review(), "override");
  reviews = [];
  await model.reload();
  assert.equal(model.editing.value, null);
});

Deno.test("unsurePins() names the pins the AI could not tell, with P(standing)", () => {
  assert.deepEqual(unsurePins(review()), [[10, 0.55]]);
  assert.deepEqual(unsurePins({ pinProbabilities: [0.5, 0.9, 0.1, 0.21] }), [[1, 0.5], [4, 0.21]]);
});
