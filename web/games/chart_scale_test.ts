import assert from "node:assert/strict";
import { indexTicks, linearScale, niceTicks } from "./chart_scale.ts";

Deno.test("linearScale() maps the domain onto the range, flipped ranges included", () => {
  const y = linearScale([0, 10], [100, 0]);
  assert.equal(y(0), 100);
  assert.equal(y(5), 50);
  assert.equal(y(10), 0);
  assert.equal(linearScale([3, 3], [0, 40])(3), 20, "one value sits in the middle");
});

Deno.test("niceTicks() gives round steps that cover the data", () => {
  assert.deepEqual(niceTicks(13.2, 18.9, 5), [12, 14, 16, 18, 20]);
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.5, 1]);
  assert.deepEqual(niceTicks(4.8, 6.1, 4), [4.5, 5, 5.5, 6, 6.5]);
  assert.deepEqual(
    niceTicks(13.2, 13.2, 5),
    [12.5, 13, 13.5, 14],
    "one value inside, not on an end",
  );
  assert.deepEqual(niceTicks(0, 0, 3), [-0.5, 0, 0.5]);
  assert.deepEqual(niceTicks(NaN, 3), [0, 1]);
});

Deno.test("indexTicks() labels items 1…n with both ends", () => {
  assert.deepEqual(indexTicks(0), []);
  assert.deepEqual(indexTicks(1), [1]);
  assert.deepEqual(indexTicks(3), [1, 2, 3]);
  assert.deepEqual(indexTicks(9, 5), [1, 3, 5, 7, 9]);
  assert.deepEqual(indexTicks(100, 5), [1, 26, 51, 76, 100]);
});
