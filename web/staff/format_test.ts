import assert from "node:assert/strict";
import { formatBitrate, formatPins, formatSince } from "./format.ts";

Deno.test("formatBitrate() picks kb/s or Mb/s and dashes the unknown", () => {
  assert.equal(formatBitrate(850_400), "850 kb/s");
  assert.equal(formatBitrate(2_430_000), "2.4 Mb/s");
  assert.equal(formatBitrate(null), "—");
});

Deno.test("formatSince() counts seconds, minutes and hours", () => {
  assert.equal(formatSince(1_000, 43_000), "42 s");
  assert.equal(formatSince(0, 185_000), "3 min");
  assert.equal(formatSince(0, 3_900_000), "1 h 5 min");
  assert.equal(formatSince(null), "—");
});

Deno.test("formatPins() joins pins with dashes", () => {
  assert.equal(formatPins([7, 10]), "7-10");
  assert.equal(formatPins([]), "none");
});
