import assert from "node:assert/strict";
import { csvCell, decimalAmount, toCsv } from "./csv.ts";

Deno.test("csvCell() quotes commas, quotes and line breaks, doubling quotes", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell("cr\rhere"), '"cr\rhere"');
});

Deno.test("csvCell() makes a cell a spreadsheet would run as a formula plain text", () => {
  assert.equal(csvCell("=1+2"), "'=1+2");
  assert.equal(csvCell("+1+2"), "'+1+2");
  assert.equal(csvCell("-1+2"), "'-1+2");
  assert.equal(csvCell("@SUM(A1:A2)"), "'@SUM(A1:A2)");
  assert.equal(csvCell("\t=1"), "'\t=1");
  assert.equal(csvCell("\r=1"), '"\'\r=1"');
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), '"\'=HYPERLINK(""http://x"",""y"")"');
});

Deno.test("csvCell() leaves plain numbers, booleans and empties as they are", () => {
  assert.equal(csvCell("-5.00"), "-5.00");
  assert.equal(csvCell("12"), "12");
  assert.equal(csvCell(-3), "-3");
  assert.equal(csvCell(true), "true");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(Number.NaN), "");
});

Deno.test("toCsv() writes a header and CRLF-terminated rows", () => {
  assert.equal(
    toCsv(["a", "b"], [["x", 1], ["=y", "-0.50"]]),
    "a,b\r\nx,1\r\n'=y,-0.50\r\n",
  );
  assert.equal(toCsv(["only"], []), "only\r\n");
});

Deno.test("decimalAmount() writes minor units as a plain two-decimal number", () => {
  assert.equal(decimalAmount(0), "0.00");
  assert.equal(decimalAmount(5), "0.05");
  assert.equal(decimalAmount(-500), "-5.00");
  assert.equal(decimalAmount(123456), "1234.56");
});
