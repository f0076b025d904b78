/**
 * QR codes of a lane: its page, or, with an open session's code, its
 * check-in page (`/lanes/{id}/check-in?code=…`). Rendered with the `qrcode` package.
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

/** The path of a lane's page on the site (what its QR code opens without a check-in code). */
export function lanePath(laneId: string): string {
  return `/lanes/${encodeURIComponent(laneId)}`;
}

/** `path` on the site at `siteUrl`. */
export function siteLink(siteUrl: string, path: string): string {
  return `${siteUrl.replace(/\/+$/, "")}${path}`;
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
