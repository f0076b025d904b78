/**
 * Ultralytics-style letterbox: scale the picture (or a region of it) to fit
 * a square input keeping its aspect, centre it, pad with grey 114, and
 * remember the scale and padding to map boxes back to image pixels. Fills
 * the model input (planar RGB, 0…1) straight from the I420 planes.
 */
import type { Frame, Region } from "../models/types.ts";

export interface Letterbox {
  /** Input pixels per image pixel. */
  scale: number;
  padX: number;
  padY: number;
  /** Size of the scaled picture inside the input. */
  width: number;
  height: number;
  /** Image region that was scaled (the whole frame when no region is given). */
  region: Region;
}

export const PAD_VALUE = 114;

/** Letterbox geometry for a `region` of the image into a `size`×`size` input. */
export function letterbox(region: Region, size = 640): Letterbox {
  const scale = Math.min(size / region.width, size / region.height);
  const width = Math.round(region.width * scale);
  const height = Math.round(region.height * scale);
  const padX = Math.floor((size - width) / 2);
  const padY = Math.floor((size - height) / 2);
  return { scale, padX, padY, width, height, region };
}

/** Input point → image point. */
export function toImage(lb: Letterbox, x: number, y: number): { x: number; y: number } {
  return { x: lb.region.x + (x - lb.padX) / lb.scale, y: lb.region.y + (y - lb.padY) / lb.scale };
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Writes the letterboxed frame (RGB planes of size×size, 0…1) into `out` at `offset`. */
export function fillLetterbox(
  frame: Frame,
  lb: Letterbox,
  size: number,
  out: Float32Array,
  offset: number,
): void {
  const { width: fw, height: fh, data } = frame;
  const cw = (fw + 1) >> 1, ch = (fh + 1) >> 1;
  const uBase = fw * fh, vBase = uBase + cw * ch;
  const plane = size * size;
  const pad = PAD_VALUE / 255;
  out.fill(pad, offset, offset + 3 * plane);
  const inv = 1 / lb.scale;
  const cols = new Int32Array(lb.width);
  for (let i = 0; i < lb.width; i++) {
    cols[i] = Math.min(fw - 1, Math.max(0, Math.floor(lb.region.x + (i + 0.5) * inv)));
  }
  for (let j = 0; j < lb.height; j++) {
    const sy = Math.min(fh - 1, Math.max(0, Math.floor(lb.region.y + (j + 0.5) * inv)));
    const yRow = sy * fw, cRow = (sy >> 1) * cw;
    let o = offset + (j + lb.padY) * size + lb.padX;
    for (let i = 0; i < lb.width; i++, o++) {
      const sx = cols[i];
      const c = 1.164383 * (data[yRow + sx] - 16);
      const d = data[uBase + cRow + (sx >> 1)] - 128;
      const e = data[vBase + cRow + (sx >> 1)] - 128;
      out[o] = clamp(c + 1.596027 * e) / 255;
      out[o + plane] = clamp(c - 0.391762 * d - 0.812968 * e) / 255;
      out[o + 2 * plane] = clamp(c + 2.017232 * d) / 255;
    }
  }
}
