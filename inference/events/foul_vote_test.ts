import assert from "node:assert/strict";
import { CropRing, FOUL_MIN_CROPS, foulVerdict } from "./foul_vote.ts";

Deno.test("foulVerdict() averages log-odds, weighs in how rare fouls are, and needs enough frames", () => {
  assert.equal(foulVerdict(new Array(FOUL_MIN_CROPS - 1).fill(0.9999)), null);
  const sure = foulVerdict([0.9999, 0.9998, 0.99995, 0.9999])!;
  assert.equal(sure.foul, true);
  assert.ok(sure.confidence > 0.98, `${sure.confidence}`);
  // Fouls are rare: a slide the classifier calls clean at 0.93 is clean beyond doubt...
  const clean = foulVerdict([0.07, 0.07, 0.06, 0.08])!;
  assert.equal(clean.foul, false);
  assert.ok(clean.confidence > 0.999, `${clean.confidence}`);
  // ...and one it calls a foul at 0.98 stays unsure either way: a person looks.
  const unsure = foulVerdict([0.98, 0.98, 0.98, 0.98])!;
  assert.ok(unsure.confidence < 0.98, `${unsure.confidence}`);
  // At even odds the same frames are a foul.
  assert.equal(foulVerdict([0.98, 0.98, 0.98, 0.98], 0.5)!.foul, true);
  // One confident outlier does not flip five confident frames the other way.
  const mixed = foulVerdict([0.001, 0.002, 0.001, 0.003, 0.002, 0.9])!;
  assert.equal(mixed.foul, false);
  // Probabilities of exactly 0 and 1 stay finite.
  const edge = foulVerdict([0, 0, 1, 1], 0.5)!;
  assert.equal(edge.probability, 0.5);
  assert.equal(edge.foul, false);
});

Deno.test("CropRing keeps the newest crops and finds them by time, oldest first", () => {
  const ring = new CropRing(2, 4);
  assert.equal(ring.newest, -Infinity);
  for (let t = 0; t < 6; t++) ring.claim(t * 10)[0] = t;
  assert.equal(ring.newest, 50);
  assert.deepEqual(ring.between(0, 100).map((c) => c[0]), [2, 3, 4, 5]);
  assert.deepEqual(ring.between(25, 45).map((c) => c[0]), [3, 4]);
  assert.deepEqual(ring.between(60, 70), []);
});
