/** How much of a region changed between two frames: a cheap, model-free activity signal. */
import type { Region } from "../models/types.ts";

/** Luma change (0–255) above which a pixel counts as moving. */
export const MOTION_PIXEL_DELTA = 18;

/**
 * Fraction (0–1) of sampled pixels in `region` whose luma differs by more than
 * `delta` between two I420 frames of the same size (every `step`-th pixel).
 */
export function motionFraction(
  a: Uint8Array,
  b: Uint8Array,
  width: number,
  region: Region,
  { step = 2, delta = MOTION_PIXEL_DELTA } = {},
): number {
  let moved = 0, n = 0;
  const y1 = region.y + region.height, x1 = region.x + region.width;
  for (let y = region.y; y < y1; y += step) {
    const row = y * width;
    for (let x = region.x; x < x1; x += step) {
      n++;
      if (Math.abs(a[row + x] - b[row + x]) > delta) moved++;
    }
  }
  return n ? moved / n : 0;
}
