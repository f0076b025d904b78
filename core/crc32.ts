/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial), as PayPal signs webhook
 * bodies with: `crc32(text)` is the unsigned checksum of the UTF-8 bytes.
 *
 * @example
 * ```ts
 * crc32("123456789"); // 0xcbf43926
 * ```
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: string | Uint8Array): number {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let crc = 0xffffffff;
  for (const b of bytes) crc = TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
