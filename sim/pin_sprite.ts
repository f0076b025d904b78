/**
 * Draws a bowling pin in perspective: the pin's outline is swept as discs
 * along its axis (radius from the regulation profile), shaded as a white
 * cylinder lit from the upper left, with two red neck bands, and a faint
 * reflection in the glossy pin deck.
 */
import {
  BOARD_FT,
  type LaneCamera,
  PIN_HEIGHT_IN,
  projectLanePoint,
} from "../core/lane_geometry.ts";
import { rgbToYuv } from "./color.ts";
import type { PinPose } from "./pin_motion.ts";
import type { Frame420 } from "./raster.ts";

/** Pin radius (inches) at heights (inches) from the base. */
const PROFILE: readonly (readonly [number, number])[] = [
  [0, 1.0],
  [0.75, 1.45],
  [2.25, 1.95],
  [3.4, 2.25],
  [4.5, 2.383],
  [5.9, 2.3],
  [7.25, 1.95],
  [8.6, 1.35],
  [9.4, 1.02],
  [10.0, 0.92],
  [10.9, 1.0],
  [11.75, 1.17],
  [12.6, 1.27],
  [13.5, 1.25],
  [14.25, 1.02],
  [14.75, 0.7],
  [15, 0.2],
];
const BANDS: readonly (readonly [number, number])[] = [[9.0, 9.65], [10.3, 10.95]];
const WHITE = rgbToYuv(246, 244, 238);
const RED = rgbToYuv(200, 20, 30);
const HEIGHT_FT = PIN_HEIGHT_IN / 12;

function radiusAt(h: number): number {
  for (let i = 1; i < PROFILE.length; i++) {
    const [h1, r1] = PROFILE[i];
    if (h <= h1) {
      const [h0, r0] = PROFILE[i - 1];
      return r0 + ((r1 - r0) * (h - h0)) / (h1 - h0);
    }
  }
  return 0;
}

function isBand(h: number): boolean {
  return (h >= BANDS[0][0] && h <= BANDS[0][1]) || (h >= BANDS[1][0] && h <= BANDS[1][1]);
}

/**
 * One disc of the pin: luma shaded across it, chroma flat. `alpha` < 1
 * blends luma only (for reflections).
 */
function shadedDisc(
  f: Frame420,
  cx: number,
  cy: number,
  r: number,
  y: number,
  u: number,
  v: number,
  clipTop: number,
  alpha: number,
): void {
  const { width: w, height: h } = f;
  const j0 = Math.max(clipTop, Math.ceil(cy - r - 0.5), 0);
  const j1 = Math.min(h - 1, Math.floor(cy + r - 0.5));
  const inv = 1 / Math.max(r, 0.5);
  for (let j = j0; j <= j1; j++) {
    const dy = j + 0.5 - cy;
    const half = Math.sqrt(Math.max(0, r * r - dy * dy));
    const i0 = Math.max(0, Math.ceil(cx - half - 0.5));
    const i1 = Math.min(w - 1, Math.floor(cx + half - 0.5));
    for (let i = i0; i <= i1; i++) {
      const t = (i + 0.5 - cx) * inv;
      const k = 1.02 - 0.3 * t * t - 0.12 * t;
      const val = 16 + (y - 16) * k;
      const o = j * w + i;
      if (alpha >= 1) {
        f.y[o] = val;
        if ((i & 1) === 0 && (j & 1) === 0) {
          const c = (j >> 1) * (w >> 1) + (i >> 1);
          f.u[c] = u;
          f.v[c] = v;
        }
      } else {
        f.y[o] = f.y[o] + (val - f.y[o]) * alpha;
      }
    }
  }
}

function sweep(
  f: Frame420,
  cam: LaneCamera,
  p: PinPose,
  clipTop: number,
  mirror: boolean,
  alpha: number,
) {
  const sz = mirror ? -1 : 1;
  const base = projectLanePoint(cam, p.board, p.ft, sz * p.z);
  const top = projectLanePoint(
    cam,
    p.board + (p.axisX * HEIGHT_FT) / BOARD_FT,
    p.ft + p.axisY * HEIGHT_FT,
    sz * (p.z + p.axisZ * HEIGHT_FT),
  );
  if (base.depth <= 0.5 || top.depth <= 0.5) return;
  const len = Math.hypot(top.u - base.u, top.v - base.v);
  const steps = Math.max(6, Math.ceil(len * 1.5));
  for (let s = 0; s <= steps; s++) {
    const k = s / steps;
    const hIn = k * PIN_HEIGHT_IN;
    const scale = base.scale + (top.scale - base.scale) * k;
    const r = (radiusAt(hIn) / 12) * scale;
    const c = isBand(hIn) ? RED : WHITE;
    // Reflections fade with distance from the deck.
    const a = mirror ? alpha * (1 - k) * (1 - k) : alpha;
    if (a < 0.02) break;
    shadedDisc(
      f,
      base.u + (top.u - base.u) * k,
      base.v + (top.v - base.v) * k,
      Math.max(r, 0.45),
      c[0],
      c[1],
      c[2],
      clipTop,
      a,
    );
  }
}

/** Draws a pin at `pose`; rows above `clipTop` are hidden. */
export function drawPin(f: Frame420, cam: LaneCamera, pose: PinPose, clipTop = 0): void {
  if (!pose.visible) return;
  if (pose.z < 0.5 && pose.axisZ > 0.5) sweep(f, cam, pose, clipTop, true, 0.3);
  sweep(f, cam, pose, clipTop, false, 1);
}
