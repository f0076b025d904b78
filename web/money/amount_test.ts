import assert from "node:assert/strict";
import { amountText, parseAmount } from "./amount.ts";

Deno.test("parseAmount() reads dollars and cents exactly", () => {
  assert.equal(parseAmount("12"), 1200);
  assert.equal(parseAmount("12.5"), 1250);
  assert.equal(parseAmount("12.34"), 1234);
  assert.equal(parseAmount(" $1,000.01 "), 100001);
  assert.equal(parseAmount("0.1"), 10);
  assert.equal(parseAmount("19.99"), 1999);
  assert.equal(parseAmount("12."), 1200);
});

Deno.test("parseAmount() refuses what is not an amount", () => {
  for (const bad of ["", "abc", "-5", "1.234", "1e3", "12.3.4", "."]) {
    assert.equal(parseAmount(bad), null, bad);
  }
});

Deno.test("amountText() writes minor units as input text", () => {
  assert.equal(amountText(500), "5");
  assert.equal(amountText(1234), "12.34");
  assert.equal(amountText(1205), "12.05");
});
