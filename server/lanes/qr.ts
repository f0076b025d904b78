/**
 * QR codes for lane check-in: a bowler scans the code on the lane and lands
 * on `/lanes/{id}/check-in` of the site. Rendered with the `qrcode` package.
 *
 * The route is public, and a PNG costs CPU with its area (pure JS: about
 * 0.1 s at 512 px, 0.3 s at 1024 px, 0.9 s at 2048 px on a busy core), so
 * sizes stop at 1024 px (enough for a printed sign; the SVG scales to any
 * size) and the latest renders are kept, so asking again costs nothing.
 */
import QRCode from "qrcode";

export const QR_FORMATS = ["svg", "png"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];
export const QR_CONTENT_TYPES: Record<QrFormat, string> = {
  svg: "image/svg+xml",
  png: "image/png",
};
export const QR_SIZE = { min: 64, max: 1024, default: 512 } as const;
/** Renders kept (text, format, size → bytes), least recently used dropped first. */
const KEPT = 32;
const kept = new Map<string, Promise<Uint8Array>>();

/** The address a lane's QR code opens. */
export function laneCheckInUrl(siteUrl: string, laneId: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/lanes/${encodeURIComponent(laneId)}/check-in`;
}

/** A QR code for `text`, `size` pixels square (SVG: its width and height); recent ones are reused. */
export function renderQr(text: string, format: QrFormat, size: number): Promise<Uint8Array> {
  const key = `${format} ${size} ${text}`;
  const found = kept.get(key);
  kept.delete(key);
  const bytes = found ?? render(text, format, Math.min(size, QR_SIZE.max));
  kept.set(key, bytes);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  bytes.catch(() => kept.delete(key));
  return bytes;
}

async function render(text: string, format: QrFormat, size: number): Promise<Uint8Array> {
  const options = { errorCorrectionLevel: "M" as const, margin: 2, width: size };
  if (format === "svg") {
    return new TextEncoder().encode(await QRCode.toString(text, { ...options, type: "svg" }));
  }
  const png: Uint8Array = await QRCode.toBuffer(text, { ...options, type: "png" });
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
