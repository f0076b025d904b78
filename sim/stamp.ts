/**
 * Capture-time stamp burned into the top-left corner of a frame, so a viewer
 * can measure glass-to-glass latency. 64 black/white blocks in 4 rows of 16:
 * the time in ms since the epoch as 48 bits (most significant first), then a
 * 16-bit check (CRC-16/CCITT of the 6 time bytes, xor a Lanecast constant).
 * A block is height/45 pixels square (8 px at 360p, 16 px at 720p), so it
 * scales with the picture and survives VP8 at normal bitrates. Readers
 * average the middle of each block and threshold at mid-grey.
 *
 * @example
 * ```ts
 * stampTime(frame, 640, 360, Date.now());
 * readStamp(frame, 640, 360); // → the same number, or null if unreadable
 * ```
 */

export const STAMP_COLUMNS = 16;
export const STAMP_ROWS = 4;
const DATA_BITS = 48;
const CHECK_XOR = 0x1a4e;
const BLACK = 16;
const WHITE = 235;

/** Side of one block in pixels (fractional: edges are rounded per block). */
export function stampBlockSize(height: number): number {
  return height / 45;
}

/** Width and height of the stamped area, pixels. */
export function stampArea(height: number): { width: number; height: number } {
  const b = stampBlockSize(height);
  return { width: Math.round(STAMP_COLUMNS * b), height: Math.round(STAMP_ROWS * b) };
}

function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let k = 0; k < 8; k++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

function timeBytes(ms: number): Uint8Array {
  const out = new Uint8Array(6);
  let v = ms;
  for (let i = 5; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

function encodeBits(ms: number): number[] {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** DATA_BITS) {
    throw new RangeError(`Cannot stamp time "${ms}": it must be an integer in [0, 2^48)`);
  }
  const bytes = timeBytes(ms);
  const check = crc16(bytes) ^ CHECK_XOR;
  const bits: number[] = [];
  for (const b of bytes) for (let k = 7; k >= 0; k--) bits.push((b >> k) & 1);
  for (let k = 15; k >= 0; k--) bits.push((check >> k) & 1);
  return bits;
}

function decodeBits(bits: number[]): number | null {
  let ms = 0;
  for (let i = 0; i < DATA_BITS; i++) ms = ms * 2 + bits[i];
  let check = 0;
  for (let i = DATA_BITS; i < DATA_BITS + 16; i++) check = (check << 1) | bits[i];
  return (crc16(timeBytes(ms)) ^ CHECK_XOR) === check ? ms : null;
}

/** Pixel range [x0, x1) × [y0, y1) of block (col, row). */
function blockRect(col: number, row: number, b: number) {
  return {
    x0: Math.round(col * b),
    x1: Math.round((col + 1) * b),
    y0: Math.round(row * b),
    y1: Math.round((row + 1) * b),
  };
}

/** Writes `ms` (integer ms since the epoch) into an I420 frame's top-left corner. */
export function stampTime(i420: Uint8Array, width: number, height: number, ms: number): void {
  const bits = encodeBits(Math.round(ms));
  const b = stampBlockSize(height);
  const area = stampArea(height);
  if (area.width > width) {
    throw new RangeError(`Cannot stamp a ${width}x${height} frame: too narrow`);
  }
  const ySize = width * height;
  const cw = width >> 1;
  const cSize = cw * (height >> 1);
  for (let r = 0; r < STAMP_ROWS; r++) {
    for (let c = 0; c < STAMP_COLUMNS; c++) {
      const { x0, x1, y0, y1 } = blockRect(c, r, b);
      const value = bits[r * STAMP_COLUMNS + c] ? WHITE : BLACK;
      for (let y = y0; y < y1; y++) i420.fill(value, y * width + x0, y * width + x1);
    }
  }
  // Neutral chroma so the blocks are pure grey in RGB.
  for (let y = 0; y < (area.height + 1) >> 1; y++) {
    const row = ySize + y * cw;
    i420.fill(128, row, row + ((area.width + 1) >> 1));
    i420.fill(128, row + cSize, row + cSize + ((area.width + 1) >> 1));
  }
}

/** Reads the bits given a luma sampler; null if the check fails. */
function readWith(height: number, luma: (x: number, y: number) => number): number | null {
  const b = stampBlockSize(height);
  const bits: number[] = [];
  for (let r = 0; r < STAMP_ROWS; r++) {
    for (let c = 0; c < STAMP_COLUMNS; c++) {
      const { x0, x1, y0, y1 } = blockRect(c, r, b);
      // The middle half of the block, away from ringing at its edges.
      const mx = Math.max(1, Math.floor((x1 - x0) / 4));
      const my = Math.max(1, Math.floor((y1 - y0) / 4));
      let sum = 0;
      let n = 0;
      for (let y = y0 + my; y < y1 - my; y++) {
        for (let x = x0 + mx; x < x1 - mx; x++) sum += luma(x, y), n++;
      }
      if (n === 0) {
        sum = luma((x0 + x1) >> 1, (y0 + y1) >> 1);
        n = 1;
      }
      bits.push(sum / n >= 128 ? 1 : 0);
    }
  }
  return decodeBits(bits);
}

/** Reads a stamp from an I420 (or any planar YUV) frame's luma plane. */
export function readStamp(i420: Uint8Array, width: number, height: number): number | null {
  if (stampArea(height).width > width || i420.length < width * height) return null;
  return readWith(height, (x, y) => i420[y * width + x]);
}

/** Reads a stamp from RGBA pixels (for example a canvas's `ImageData.data`). */
export function readStampRgba(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): number | null {
  if (stampArea(height).width > width || data.length < width * height * 4) return null;
  return readWith(height, (x, y) => {
    const o = (y * width + x) * 4;
    // Full-range luma: what a browser shows for studio-range black/white.
    return (77 * data[o] + 150 * data[o + 1] + 29 * data[o + 2]) >> 8;
  });
}
