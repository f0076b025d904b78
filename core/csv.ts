/**
 * CSV text (RFC 4180) that is safe to open in a spreadsheet: every cell
 * with a comma, quote or line break is quoted (quotes doubled), and a text
 * cell that a spreadsheet would read as a formula (one starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` so it shows
 * as text. A plain decimal number ("-5.00") is not a formula and stays as
 * it is, so amounts still sum. Lines end in CRLF.
 *
 * @example
 * ```ts
 * toCsv(["what", "amount"], [["=HYPERLINK(\"x\")", "-5.00"]]);
 * // 'what,amount\r\n"\'=HYPERLINK(""x"")",-5.00\r\n'
 * ```
 * @module
 */

/** A cell: text, a number, a boolean, or empty (null/undefined). */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as CSV text. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = typeof value === "boolean" ? String(value) : value;
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, CRLF-terminated. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** A header line and the rows under it. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = csvLine(header);
  for (const row of rows) text += csvLine(row);
  return text;
}

/** `minor` units as a plain decimal ("-5.00", "1234.56"), for spreadsheets (no symbol, no grouping). */
export function decimalAmount(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, "0")}`;
}
