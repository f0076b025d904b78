/**
 * Flat-colour drawing into I420 planes: convex polygons and discs, filled
 * row by row with `TypedArray.fill`, and soft shadows. Pixel (i, j) is
 * covered when its centre (i + 0.5, j + 0.5) is inside the shape. Rows above
 * `clipTop` are left alone (things hidden by the masking unit).
 */
import type { Yuv } from "./color.ts";

export interface Frame420 {
  width: number;
  height: number;
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

/** Byte length of an I420 frame. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * (width / 2) * (height / 2);
}

/** Views of the three planes of one I420 buffer. */
export function frameViews(buf: Uint8Array, width: number, height: number): Frame420 {
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  if (buf.length < ySize + 2 * cSize) {
    throw new RangeError(`Cannot fit a ${width}x${height} frame in ${buf.length} bytes`);
  }
  return {
    width,
    height,
    y: buf.subarray(0, ySize),
    u: buf.subarray(ySize, ySize + cSize),
    v: buf.subarray(ySize + cSize, ySize + 2 * cSize),
  };
}

function polygonPlane(
  plane: Uint8Array,
  w: number,
  h: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  n: number,
  s: number,
  value: number,
  top: number,
): void {
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const y = ys[i] * s;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const j0 = Math.max(top, Math.ceil(minY - 0.5), 0);
  const j1 = Math.min(h - 1, Math.floor(maxY - 0.5));
  for (let j = j0; j <= j1; j++) {
    const yc = j + 0.5;
    let xl = Infinity;
    let xr = -Infinity;
    for (let i = 0; i < n; i++) {
      const k = i + 1 === n ? 0 : i + 1;
      const y0 = ys[i] * s;
      const y1 = ys[k] * s;
      if ((yc < y0 && yc < y1) || (yc > y0 && yc > y1) || y0 === y1) continue;
      const x = xs[i] * s + ((yc - y0) * (xs[k] - xs[i]) * s) / (y1 - y0);
      if (x < xl) xl = x;
      if (x > xr) xr = x;
    }
    const i0 = Math.max(0, Math.ceil(xl - 0.5));
    const i1 = Math.min(w - 1, Math.floor(xr - 0.5));
    if (i0 <= i1) plane.fill(value, j * w + i0, j * w + i1 + 1);
  }
}

/** Fills a convex polygon (vertices in order) with a flat colour. */
export function fillPolygon(
  f: Frame420,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  color: Yuv,
  clipTop = 0,
): void {
  const n = xs.length;
  polygonPlane(f.y, f.width, f.height, xs, ys, n, 1, color[0], clipTop);
  const cw = f.width >> 1;
  const ch = f.height >> 1;
  const ct = Math.ceil(clipTop / 2);
  polygonPlane(f.u, cw, ch, xs, ys, n, 0.5, color[1], ct);
  polygonPlane(f.v, cw, ch, xs, ys, n, 0.5, color[2], ct);
}

function discPlane(
  plane: Uint8Array,
  w: number,
  h: number,
  cx: number,
  cy: number,
  r: number,
  value: number,
  top: number,
): void {
  const j0 = Math.max(top, Math.ceil(cy - r - 0.5), 0);
  const j1 = Math.min(h - 1, Math.floor(cy + r - 0.5));
  for (let j = j0; j <= j1; j++) {
    const dy = j + 0.5 - cy;
    const half = Math.sqrt(Math.max(0, r * r - dy * dy));
    const i0 = Math.max(0, Math.ceil(cx - half - 0.5));
    const i1 = Math.min(w - 1, Math.floor(cx + half - 0.5));
    if (i0 <= i1) plane.fill(value, j * w + i0, j * w + i1 + 1);
  }
}

/** Fills a disc with a flat colour. */
export function fillDisc(
  f: Frame420,
  cx: number,
  cy: number,
  r: number,
  color: Yuv,
  clipTop = 0,
): void {
  discPlane(f.y, f.width, f.height, cx, cy, r, color[0], clipTop);
  const cw = f.width >> 1;
  const ch = f.height >> 1;
  const ct = Math.ceil(clipTop / 2);
  discPlane(f.u, cw, ch, cx / 2, cy / 2, r / 2, color[1], ct);
  discPlane(f.v, cw, ch, cx / 2, cy / 2, r / 2, color[2], ct);
}

/** Darkens luma inside an ellipse, softly towards its rim (a contact shadow). */
export function shadowEllipse(
  f: Frame420,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  strength: number,
  clipTop = 0,
): void {
  const { width: w, height: h, y: plane } = f;
  const j0 = Math.max(clipTop, Math.floor(cy - ry), 0);
  const j1 = Math.min(h - 1, Math.ceil(cy + ry));
  const i0 = Math.max(0, Math.floor(cx - rx));
  const i1 = Math.min(w - 1, Math.ceil(cx + rx));
  for (let j = j0; j <= j1; j++) {
    const dy = (j + 0.5 - cy) / ry;
    for (let i = i0; i <= i1; i++) {
      const dx = (i + 0.5 - cx) / rx;
      const d = dx * dx + dy * dy;
      if (d >= 1) continue;
      const k = 1 - strength * (1 - d);
      plane[j * w + i] = 16 + (plane[j * w + i] - 16) * k;
    }
  }
}
