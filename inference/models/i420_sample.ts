/**
 * Samples a window of an I420 frame into planar float channels (Y, U, V),
 * the input layout of every Lanecast model. Bilinear, edges clamped, chroma
 * read from its half-resolution planes at the matching position. The
 * training data generator uses the same function, so the model sees exactly
 * what it was trained on.
 *
 * @example
 * ```ts
 * const out = new Float32Array(3 * 40 * 80);
 * sampleI420(frame.data, frame.width, frame.height, { x: 300, y: 20, stepX: 0.5, stepY: 0.5 }, 80, 40, out, 0);
 * ```
 */

/** Where the window starts (its top-left corner, in image pixels) and the image step per output pixel. */
export interface SampleWindow {
  x: number;
  y: number;
  stepX: number;
  stepY: number;
}

/** Channel value for byte `b`: (b − 128) / 128, so −1 … ≈1. */
export const normalizeByte = (b: number): number => (b - 128) / 128;

/** The inverse of `normalizeByte`, rounded and clamped: how crops are stored as bytes. */
export function toBytes(x: Float32Array, out: Uint8Array = new Uint8Array(x.length)): Uint8Array {
  for (let i = 0; i < x.length; i++) {
    const b = Math.round(x[i] * 128 + 128);
    out[i] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
  return out;
}

/** Bytes in an I420 frame of this size (chroma planes round up). */
export function i420Bytes(width: number, height: number): number {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  return width * height + 2 * cw * ch;
}

// Per-call scratch for column indices and weights (grown on demand).
let cols = new Int32Array(0);
let colW = new Float32Array(0);

function ensure(n: number): void {
  if (cols.length >= 2 * n) return;
  cols = new Int32Array(2 * n);
  colW = new Float32Array(n);
}

/**
 * Writes channels Y, U, V of the window (each outH×outW, row-major) into
 * `out` from `offset`. Output pixel (i, j) samples image point
 * (x + (i + 0.5)·stepX, y + (j + 0.5)·stepY).
 */
export function sampleI420(
  data: Uint8Array,
  width: number,
  height: number,
  win: SampleWindow,
  outW: number,
  outH: number,
  out: Float32Array,
  offset: number,
): void {
  if (data.length < i420Bytes(width, height)) {
    throw new RangeError(
      `Cannot read a ${width}x${height} I420 frame from ${data.length} bytes`,
    );
  }
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const plane = outW * outH;
  samplePlane(
    data,
    0,
    width,
    height,
    win.x,
    win.y,
    win.stepX,
    win.stepY,
    1,
    outW,
    outH,
    out,
    offset,
  );
  const uOff = width * height;
  const vOff = uOff + cw * ch;
  // U then V: half-resolution planes, read at the matching position.
  for (let c = 1; c <= 2; c++) {
    const from = c === 1 ? uOff : vOff;
    samplePlane(
      data,
      from,
      cw,
      ch,
      win.x,
      win.y,
      win.stepX,
      win.stepY,
      0.5,
      outW,
      outH,
      out,
      offset + c * plane,
    );
  }
}

/** Bilinear resample of one plane; `k` maps image pixels to plane pixels (1 or 0.5). */
function samplePlane(
  data: Uint8Array,
  base: number,
  pw: number,
  ph: number,
  x0: number,
  y0: number,
  stepX: number,
  stepY: number,
  k: number,
  outW: number,
  outH: number,
  out: Float32Array,
  offset: number,
): void {
  ensure(outW);
  for (let i = 0; i < outW; i++) {
    const sx = (x0 + (i + 0.5) * stepX) * k - 0.5;
    const fx = Math.floor(sx);
    const a = Math.min(pw - 1, Math.max(0, fx));
    const b = Math.min(pw - 1, Math.max(0, fx + 1));
    cols[2 * i] = a;
    cols[2 * i + 1] = b;
    colW[i] = sx - fx;
  }
  let o = offset;
  for (let j = 0; j < outH; j++) {
    const sy = (y0 + (j + 0.5) * stepY) * k - 0.5;
    const fy = Math.floor(sy);
    const wy = sy - fy;
    const r0 = base + Math.min(ph - 1, Math.max(0, fy)) * pw;
    const r1 = base + Math.min(ph - 1, Math.max(0, fy + 1)) * pw;
    for (let i = 0; i < outW; i++) {
      const a = cols[2 * i];
      const b = cols[2 * i + 1];
      const wx = colW[i];
      const top = data[r0 + a] + (data[r0 + b] - data[r0 + a]) * wx;
      const bot = data[r1 + a] + (data[r1 + b] - data[r1 + a]) * wx;
      out[o++] = (top + (bot - top) * wy - 128) / 128;
    }
  }
}
