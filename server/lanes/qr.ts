/**
 * QR codes of a lane: its page, or, with an open session's code, its
 * check-in page (`/lanes/{id}/check-in?code=…`). Rendered with the `qrcode` package.
 */
import QRCode from "qrcode";

export const QR_FORMATS = ["svg", "png"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];
export const QR_CONTENT_TYPES: Record<QrFormat, string> = {
  svg: "image/svg+xml",
  png: "image/png",
};
export const QR_SIZE = { min: 64, max: 2048, default: 512 } as const;

/** The path of a lane's page on the site (what its QR code opens without a check-in code). */
export function lanePath(laneId: string): string {
  return `/lanes/${encodeURIComponent(laneId)}`;
}

/** `path` on the site at `siteUrl`. */
export function siteLink(siteUrl: string, path: string): string {
  return `${siteUrl.replace(/\/+$/, "")}${path}`;
}

/** A QR code for `text`, `size` pixels square (SVG: its width and height). */
export async function renderQr(text: string, format: QrFormat, size: number): Promise<Uint8Array> {
  const options = { errorCorrectionLevel: "M" as const, margin: 2, width: size };
  if (format === "svg") {
    return new TextEncoder().encode(await QRCode.toString(text, { ...options, type: "svg" }));
  }
  const png: Uint8Array = await QRCode.toBuffer(text, { ...options, type: "png" });
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
