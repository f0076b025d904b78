import assert from "node:assert/strict";
import type { LaneClaims } from "../core/lane_token.ts";
import { DomainError } from "../core/problem.ts";
import { PublishEpochs } from "./publish_epochs.ts";

const token = (epoch?: number): LaneClaims => ({
  sub: "camera",
  lane: "3",
  right: "lane:publish",
  epoch,
});

Deno.test("raise() drops the lane's publishers of older epochs and admit() refuses their tokens", () => {
  const epochs = new PublishEpochs();
  const dropped: string[] = [];
  epochs.track("3", token(), () => dropped.push("old"));
  epochs.track("3", token(1), () => dropped.push("current"));
  epochs.track("4", token(), () => dropped.push("other lane"));
  assert.equal(epochs.raise("3", 1), 1);
  assert.deepEqual(dropped, ["old"]);
  assert.throws(() => epochs.admit("3", token(0)), (e: DomainError) => e.code === "token_revoked");
  assert.throws(() => epochs.admit("3", token()), (e: DomainError) => e.code === "token_revoked");
  epochs.admit("3", token(1));
  epochs.admit("3", token(2));
  epochs.admit("4", token());
});

Deno.test("raise() never goes back and a publisher that ended is not dropped again", () => {
  const epochs = new PublishEpochs();
  let drops = 0;
  const untrack = epochs.track("3", token(0), () => drops++);
  untrack();
  assert.equal(epochs.raise("3", 2), 0);
  assert.equal(epochs.raise("3", 1), 0);
  assert.equal(epochs.current("3"), 2);
  assert.equal(drops, 0);
});

Deno.test("a publisher admitted just before raise() and tracked after it is dropped at once", () => {
  const epochs = new PublishEpochs();
  epochs.admit("3", token(0)); // the request passed the check, then waited on its media setup…
  assert.equal(epochs.raise("3", 1), 0); // …while the server ended the epoch
  let drops = 0;
  const untrack = epochs.track("3", token(0), () => drops++);
  assert.equal(drops, 1);
  untrack();
  assert.equal(epochs.raise("3", 2), 0);
  assert.equal(drops, 1);
});
