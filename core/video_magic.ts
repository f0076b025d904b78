/**
 * Which video container a file is, read from its first bytes (never its
 * name): MP4 and MOV are ISO base media files (a box type at offset 4), AVI
 * is a RIFF file of form type "AVI ". Pure.
 */

export type VideoContainer = "mp4" | "mov" | "avi";

/** Bytes `sniffVideo` needs to decide. */
export const MAGIC_BYTES = 12;

/** QuickTime's brand; every other `ftyp` brand is read as MP4 (isom, mp41, mp42, avc1, M4V …). */
const QUICKTIME_BRAND = "qt  ";
/** Top-level boxes an old QuickTime file may start with instead of `ftyp`. */
const QUICKTIME_BOXES = new Set(["moov", "mdat", "wide", "free", "skip", "pnot"]);

const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, to));

/** The container `head` (a file's first bytes) starts, or null when it is none of MP4, MOV, AVI. */
export function sniffVideo(head: Uint8Array): VideoContainer | null {
  if (head.length < MAGIC_BYTES) return null;
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "AVI ") return "avi";
  const box = ascii(head, 4, 8);
  if (box === "ftyp") return ascii(head, 8, 12) === QUICKTIME_BRAND ? "mov" : "mp4";
  if (QUICKTIME_BOXES.has(box)) return "mov";
  return null;
}
