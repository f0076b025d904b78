/**
 * Money as the bettor's screens show it. Amounts are integer minor units
 * (cents) from end to end: they are added as integers and only turned into
 * text here, so "$12.34" is exact and no floating-point sum ever shows.
 *
 * @example
 * ```ts
 * formatMoney(1234, "USD"); // "$12.34"
 * formatSigned(-500, "USD"); // "−$5.00"
 * ```
 * @module
 */

/** One-tap stakes on the bet slip: $1, $2, $5, $10. */
export const STAKE_PRESETS: readonly number[] = [100, 200, 500, 1000];

/** Symbols of the currencies the demo uses; others show their ISO code. */
const SYMBOLS: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", CAD: "CA$", AUD: "A$" };

/** `minor` units as "$12.34" (two decimals, thousands grouped: "$1,000.00"). */
export function formatMoney(minor: number, currency = "USD"): string {
  if (!Number.isSafeInteger(minor)) return "—";
  const sign = minor < 0 ? "−" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100).toString().padStart(2, "0");
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${units}.${cents}` : `${sign}${units}.${cents} ${currency}`;
}

/** Like {@linkcode formatMoney} with a "+" on money in: "+$5.00", "−$2.00". */
export function formatSigned(minor: number, currency = "USD"): string {
  return minor > 0 ? `+${formatMoney(minor, currency)}` : formatMoney(minor, currency);
}

/** The sum of integer amounts; throws on a non-integer so a float never sneaks in. */
export function sumMinor(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`Not an integer amount: ${amount}`);
    total += amount;
  }
  return total;
}

/** Decimal odds as "2.40"; "—" while the pool is empty. */
export function formatOdds(odds: number | null): string {
  return odds === null || !Number.isFinite(odds) || odds <= 0 ? "—" : odds.toFixed(2);
}

/** A fair probability (0–1) as "fair 38 %"; empty when unknown. */
export function formatFair(probability: number | null): string {
  if (probability === null || !Number.isFinite(probability)) return "";
  return `fair ${Math.round(Math.min(1, Math.max(0, probability)) * 100)} %`;
}
