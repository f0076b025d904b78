/**
 * Deno KV keys as bytes whose byte order is Deno KV's key order (parts
 * compared one by one; byte arrays before strings before numbers before
 * bigints before booleans), so a PostgreSQL `bytea` column sorts and ranges
 * them as Deno KV would (server/kv_pg.ts).
 *
 * @example
 * ```ts
 * import { decodeKey, encodeKey } from "./kv_codec.ts";
 *
 * const bytes = encodeKey(["clip-job-due", 1700000000000, "c1"]);
 * decodeKey(bytes); // ["clip-job-due", 1700000000000, "c1"]
 * ```
 * @module
 */

const BYTES = 0x01;
const STRING = 0x02;
const BIGINT = 0x03;
const NUMBER = 0x21;
const FALSE = 0x26;
const TRUE = 0x27;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Encodes a key (its parts in order); a part that Deno KV refuses is refused here too. */
export function encodeKey(key: Deno.KvKey): Uint8Array {
  const out: number[] = [];
  for (const part of key) {
    if (part instanceof Uint8Array) escaped(out, BYTES, part);
    else if (typeof part === "string") escaped(out, STRING, utf8.encode(part));
    else if (typeof part === "number") number(out, part);
    else if (typeof part === "bigint") escaped(out, BIGINT, utf8.encode(part.toString()));
    else if (typeof part === "boolean") out.push(part ? TRUE : FALSE);
    else throw new TypeError(`A KV key part cannot be a ${typeof part}`);
  }
  return Uint8Array.from(out);
}

/** A zero inside is written 0x00 0xFF, the end 0x00: a shorter part sorts first. */
function escaped(out: number[], tag: number, bytes: Uint8Array): void {
  out.push(tag);
  for (const b of bytes) b === 0 ? out.push(0, 0xff) : out.push(b);
  out.push(0);
}

/** IEEE 754 big-endian with the sign bit flipped (all bits for negatives), so bytes sort as numbers. */
function number(out: number[], n: number): void {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const b = new Uint8Array(view.buffer);
  if (b[0] & 0x80) { for (let i = 0; i < 8; i++) b[i] ^= 0xff; }
  else b[0] ^= 0x80;
  out.push(NUMBER, ...b);
}

export function decodeKey(bytes: Uint8Array): Deno.KvKey {
  const key: Deno.KvKeyPart[] = [];
  let i = 0;
  const unescape = (): Uint8Array => {
    const part: number[] = [];
    while (i < bytes.length) {
      const b = bytes[i++];
      if (b !== 0) part.push(b);
      else if (bytes[i] === 0xff) part.push(0), i++;
      else break;
    }
    return Uint8Array.from(part);
  };
  while (i < bytes.length) {
    const tag = bytes[i++];
    if (tag === BYTES) key.push(unescape());
    else if (tag === STRING) key.push(fromUtf8.decode(unescape()));
    else if (tag === BIGINT) key.push(BigInt(fromUtf8.decode(unescape())));
    else if (tag === FALSE || tag === TRUE) key.push(tag === TRUE);
    else if (tag === NUMBER) {
      const b = bytes.slice(i, i + 8);
      i += 8;
      if (b[0] & 0x80) b[0] ^= 0x80;
      else for (let j = 0; j < 8; j++) b[j] ^= 0xff;
      key.push(new DataView(b.buffer).getFloat64(0));
    } else throw new RangeError(`Unknown KV key part tag ${tag}`);
  }
  return key;
}
