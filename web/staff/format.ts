/** Figures and times as the console shows them. Pure. */

/** Bits per second as "850 kb/s" or "2.4 Mb/s"; "—" when unknown. */
export function formatBitrate(bps: number | null | undefined): string {
  if (bps == null || !Number.isFinite(bps)) return "—";
  if (bps >= 1_000_000) return `${(bps / 1_000_000).toFixed(1)} Mb/s`;
  return `${Math.round(bps / 1000)} kb/s`;
}

/** An ISO time as a short local date and time ("21 Nov, 14:05"), with seconds if asked. */
export function formatTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
  });
}

/** Milliseconds since the epoch as "for 3 min" relative to `now`. */
export function formatSince(ms: number | null | undefined, now = Date.now()): string {
  if (ms == null) return "—";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Pins as "7-10", or "none". */
export function formatPins(pins: readonly number[]): string {
  return pins.length ? pins.join("-") : "none";
}
