/**
 * The words of the My games charts: what each chart shows said in a
 * sentence (its text alternative), and the numbers' formats. Pure.
 * @module
 */
import type { FrameStrikeRate } from "../../core/my_games.ts";

/** "7 Dec 2026", in the reader's locale. */
export function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

/** One decimal, and the unit: `17.2 mph`, `5.8°`, `board 13.2`. */
export function formatMetric(v: number, unit: "mph" | "deg" | "board"): string {
  const n = v.toFixed(1);
  return unit === "mph" ? `${n} mph` : unit === "deg" ? `${n}°` : `board ${n}`;
}

/**
 * A series of balls in a sentence: how many, over which dates, the lowest,
 * highest, average and latest value. "No tracked balls yet" when empty.
 */
export function describeSeries(
  points: readonly { at: string; value: number }[],
  format: (v: number) => string,
): string {
  if (!points.length) return "No tracked balls yet.";
  const values = points.map((p) => p.value);
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  const first = shortDate(points[0].at), last = shortDate(points[points.length - 1].at);
  const when = first === last ? `on ${first}` : `from ${first} to ${last}`;
  const count = points.length === 1 ? "1 ball" : `${points.length} balls`;
  return `${count} ${when}: lowest ${format(Math.min(...values))}, highest ${
    format(Math.max(...values))
  }, average ${format(avg)}, latest ${format(values[values.length - 1])}.`;
}

/** A strike rate as a whole percentage ("50%"), or "–" with no chances. */
export function percent(rate: number | null): string {
  return rate === null ? "–" : `${Math.round(rate * 100)}%`;
}

/** The strike-rate chart in a sentence: the frames with chances, best and worst. */
export function describeStrikeRates(rows: readonly FrameStrikeRate[]): string {
  const played = rows.filter((r) => r.rate !== null);
  if (!played.length) return "No frames bowled yet.";
  const best = played.reduce((a, b) => (b.rate! > a.rate! ? b : a));
  const worst = played.reduce((a, b) => (b.rate! < a.rate! ? b : a));
  const strikes = played.reduce((n, r) => n + r.strikes, 0);
  const chances = played.reduce((n, r) => n + r.chances, 0);
  return `Strikes on ${strikes} of ${chances} first balls (${percent(strikes / chances)}). ` +
    `Best: frame ${best.frame}, ${percent(best.rate)}. Lowest: frame ${worst.frame}, ${
      percent(worst.rate)
    }.`;
}
