/**
 * Typed amounts: "12.34" → 1234 minor units, exact (no floating point), and
 * minor units back to the text an input shows ("12.34", "5").
 */

/** Minor units of a typed amount ("12", "12.5", "12.34", "$1,000"), or null when it is not one. */
export function parseAmount(text: string): number | null {
  const clean = text.trim().replace(/^[$€£]/, "").replaceAll(",", "");
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(clean);
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as input text: "12.34", whole amounts without cents ("5"). */
export function amountText(minor: number): string {
  const units = Math.floor(minor / 100);
  const cents = minor % 100;
  return cents === 0 ? String(units) : `${units}.${String(cents).padStart(2, "0")}`;
}
