/**
 * QR codes for lane check-in: a bowler scans the code on the lane and lands
 * on `/lanes/{id}/check-in` of the site. Rendered with the `qrcode` package.
 */
import QRCode from "qrcode";

export const QR_FORMATS = ["svg", "png"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];
export const QR_CONTENT_TYPES: Record<QrFormat, string> = {
  svg: "image/svg+xml",
  png: "image/png",
};
export const QR_SIZE = { min: 64, max: 2048, default: 512 } as const;

/** The address a lane's QR code opens. */
export function laneCheckInUrl(siteUrl: string, laneId: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/lanes/${encodeURIComponent(laneId)}/check-in`;
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
