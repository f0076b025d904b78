import assert from "node:assert/strict";
import { parseByteRange } from "./byte_range.ts";

Deno.test("parseByteRange() answers the whole body without a header", () => {
  assert.equal(parseByteRange(null, 10), null);
});

Deno.test("parseByteRange() reads first-last, open-ended and suffix ranges", () => {
  assert.deepEqual(parseByteRange("bytes=0-3", 10), { start: 0, end: 3 });
  assert.deepEqual(parseByteRange("bytes=4-", 10), { start: 4, end: 9 });
  assert.deepEqual(parseByteRange("bytes=-3", 10), { start: 7, end: 9 });
  assert.deepEqual(parseByteRange("bytes=-30", 10), { start: 0, end: 9 });
  assert.deepEqual(parseByteRange("bytes=8-100", 10), { start: 8, end: 9 });
});

Deno.test("parseByteRange() refuses ranges past the end, backwards, multiple or not in bytes", () => {
  for (
    const bad of [
      "bytes=10-",
      "bytes=5-2",
      "bytes=0-1,4-5",
      "items=0-1",
      "bytes=-0",
      "bytes=-",
      "x",
    ]
  ) {
    assert.equal(parseByteRange(bad, 10), "unsatisfiable", bad);
  }
  assert.equal(parseByteRange("bytes=0-", 0), "unsatisfiable");
});
