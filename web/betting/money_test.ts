import assert from "node:assert/strict";
import { formatFair, formatMoney, formatOdds, formatSigned, sumMinor } from "./money.ts";

Deno.test("formatMoney() turns minor units into dollars and cents", () => {
  assert.equal(formatMoney(1234, "USD"), "$12.34");
  assert.equal(formatMoney(5, "USD"), "$0.05");
  assert.equal(formatMoney(0, "USD"), "$0.00");
  assert.equal(formatMoney(100_000_00, "USD"), "$100,000.00");
  assert.equal(formatMoney(-250, "USD"), "−$2.50");
  assert.equal(formatMoney(1999, "SEK"), "19.99 SEK");
});

Deno.test("formatMoney() refuses a non-integer instead of rounding it", () => {
  assert.equal(formatMoney(12.5, "USD"), "—");
  assert.equal(formatMoney(Number.NaN, "USD"), "—");
});

Deno.test("formatSigned() marks money in with + and money out with −", () => {
  assert.equal(formatSigned(500, "USD"), "+$5.00");
  assert.equal(formatSigned(-500, "USD"), "−$5.00");
  assert.equal(formatSigned(0, "USD"), "$0.00");
});

Deno.test("sumMinor() adds cents exactly where floats would drift", () => {
  // 0.1 + 0.2 in dollars is 0.30000000000000004; in cents it is 30.
  assert.equal(formatMoney(sumMinor([10, 20]), "USD"), "$0.30");
  const many = Array.from({ length: 1000 }, () => 1); // a thousand one-cent payouts
  assert.equal(formatMoney(sumMinor(many), "USD"), "$10.00");
  assert.throws(() => sumMinor([100, 0.1]), RangeError);
});

Deno.test("formatOdds() shows two decimals and a dash for an empty pool", () => {
  assert.equal(formatOdds(2.4), "2.40");
  assert.equal(formatOdds(1.0571), "1.06");
  assert.equal(formatOdds(null), "—");
  assert.equal(formatOdds(0), "—");
});

Deno.test("formatFair() shows a whole percentage, nothing when unknown", () => {
  assert.equal(formatFair(0.38), "fair 38 %");
  assert.equal(formatFair(0.005), "fair 1 %");
  assert.equal(formatFair(null), "");
});
