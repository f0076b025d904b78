import assert from "node:assert/strict";
import { receiveQuality } from "./camera_health.tsx";

Deno.test("receive quality reads as a word with its score, and a dash without a stream", () => {
  assert.equal(receiveQuality(10), "Clean (10 of 10)");
  assert.equal(receiveQuality(6), "Some loss (6 of 10)");
  assert.equal(receiveQuality(2), "Heavy loss (2 of 10)");
  assert.equal(receiveQuality(null), "—");
});
