/**
 * The outcomes of each market kind and the words the web shows for them.
 * Free of zod so the browser bundle can import it; numbers come back as
 * numbers (the web formats them).
 *
 * @example
 * ```ts
 * import { marketTitle, outcomeLabel } from "./market_labels.ts";
 *
 * marketTitle("pins-over-under", 7.5); // "Pins over/under 7.5"
 * outcomeLabel("pins-over-under", "over", 7.5); // "Over 7.5 pins"
 * outcomeLabel("strike", "no"); // "No strike"
 * ```
 * @module
 */
import { DomainError } from "./errors.ts";
import type { MarketKind } from "./markets.ts";

/** The outcome keys of each kind, in display order (the same as `OUTCOME_KEYS` of core/markets.ts). */
export const KIND_OUTCOMES: Readonly<Record<MarketKind, readonly string[]>> = Object.freeze({
  strike: ["yes", "no"],
  spare: ["yes", "no"],
  "pins-over-under": ["over", "under"],
  "speed-over-under": ["over", "under"],
});

/** Kinds whose outcomes are over/under a line. */
export function hasLine(kind: MarketKind): boolean {
  return kind === "pins-over-under" || kind === "speed-over-under";
}

/** Whether `key` is an outcome of a `kind` market. */
export function isOutcomeKey(kind: MarketKind, key: string): boolean {
  return KIND_OUTCOMES[kind]?.includes(key) ?? false;
}

function lineText(kind: MarketKind, line: number | null | undefined): string {
  if (typeof line !== "number" || !Number.isFinite(line)) {
    throw new RangeError(`A "${kind}" market needs a line, not "${line}"`);
  }
  return String(line);
}

/** A market's heading: "Strike?", "Spare?", "Pins over/under 7.5", "Speed over/under 16.5 mph". */
export function marketTitle(kind: MarketKind, line?: number | null): string {
  switch (kind) {
    case "strike":
      return "Strike?";
    case "spare":
      return "Spare?";
    case "pins-over-under":
      return `Pins over/under ${lineText(kind, line)}`;
    case "speed-over-under":
      return `Speed over/under ${lineText(kind, line)} mph`;
  }
}

/**
 * An outcome's label: "Strike" / "No strike", "Spare" / "No spare",
 * "Over 7.5 pins" / "Under 7.5 pins", "Over 16.5 mph" / "Under 16.5 mph".
 * Throws `DomainError("unknown_outcome")` for a key the kind does not have.
 */
export function outcomeLabel(kind: MarketKind, key: string, line?: number | null): string {
  if (!isOutcomeKey(kind, key)) {
    throw new DomainError("unknown_outcome", `Cannot find outcome "${key}" of a "${kind}" market`, {
      outcome: key,
      outcomes: KIND_OUTCOMES[kind] ?? [],
    });
  }
  const side = key === "over" ? "Over" : "Under";
  switch (kind) {
    case "strike":
      return key === "yes" ? "Strike" : "No strike";
    case "spare":
      return key === "yes" ? "Spare" : "No spare";
    case "pins-over-under":
      return `${side} ${lineText(kind, line)} pins`;
    case "speed-over-under":
      return `${side} ${lineText(kind, line)} mph`;
  }
}

/** Decimal odds a fair book would offer for probability `p` (1 / p); null when p is not in (0, 1]. */
export function fairDecimalOdds(p: number | null | undefined): number | null {
  return typeof p === "number" && p > 0 && p <= 1 ? 1 / p : null;
}
