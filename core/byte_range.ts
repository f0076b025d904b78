/**
 * One HTTP byte range (RFC 9110 §14) of a body of known size, as a media
 * route answers it: no header → the whole body, a satisfiable single range →
 * 206 with that slice, anything else (past the end, backwards, several
 * ranges, not bytes) → 416. Pure.
 *
 * @example
 * ```ts
 * import { parseByteRange } from "./byte_range.ts";
 * parseByteRange("bytes=0-99", 1000); // { start: 0, end: 99 }
 * parseByteRange("bytes=-100", 1000); // { start: 900, end: 999 }
 * parseByteRange("bytes=1000-", 1000); // "unsatisfiable"
 * ```
 * @module
 */

/** Inclusive byte offsets. */
export interface ByteRange {
  start: number;
  end: number;
}

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/** The range asked for, null for the whole body, or "unsatisfiable". */
export function parseByteRange(
  header: string | null | undefined,
  size: number,
): ByteRange | null | "unsatisfiable" {
  if (header == null) return null;
  const m = SINGLE.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "unsatisfiable";
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
