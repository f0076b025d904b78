/**
 * The static part of every frame, rendered once per simulator: each pixel
 * is a ray from the camera that meets either the masking unit above the
 * pins or the lane surface (2×2 samples per pixel against aliasing of the
 * far boards). Neighbouring lanes get a full rack of pins drawn in.
 */
import { BOARD_FT, type LaneCamera, projectLanePoint } from "../core/lane_geometry.ts";
import { rgbToYuv } from "./color.ts";
import { createSurface, LANE_PITCH_BOARDS, laneOf, type SurfaceColor } from "./lane_look.ts";
import type { Frame420 } from "./raster.ts";
import { drawPin } from "./pin_sprite.ts";
import { standingPose } from "./pin_motion.ts";

/** The masking unit: a vertical panel across the hall in front of the pins. */
export const MASK_FT = 57.5;
export const MASK_BOTTOM_FT = 2.3;
const MASK_TOP_FT = 7;

export interface Background extends Frame420 {
  /** First image row below the masking unit; deck sprites are clipped above it. */
  maskRow: number;
}

const PANEL_COLORS: readonly (readonly [number, number, number])[] = [
  [24, 40, 110],
  [18, 90, 110],
  [80, 30, 110],
];

function maskingColor(board: number, z: number, out: Float32Array): void {
  if (z > MASK_TOP_FT) {
    out[0] = 20, out[1] = 20, out[2] = 24;
    return;
  }
  if (z < MASK_BOTTOM_FT + 0.18) {
    // The light bar that lights the pin deck.
    out[0] = 250, out[1] = 246, out[2] = 230;
    return;
  }
  const pair = Math.floor(laneOf(board).lane / 2 + 0.5);
  const c = PANEL_COLORS[((pair % 3) + 3) % 3];
  const across = (board / (LANE_PITCH_BOARDS * 2)) % 1;
  const swoosh = Math.sin((across + z * 0.08) * Math.PI * 2) > 0.55 ? 1.7 : 1;
  const k = (0.7 + 0.3 * (z - MASK_BOTTOM_FT) / (MASK_TOP_FT - MASK_BOTTOM_FT)) * swoosh;
  out[0] = c[0] * k, out[1] = c[1] * k, out[2] = c[2] * k;
}

/** Colour seen along the ray through image point (u, v). */
function rayColor(
  surface: SurfaceColor,
  cam: LaneCamera,
  cos: number,
  sin: number,
  u: number,
  v: number,
  out: Float32Array,
): void {
  const a = (u - cam.cx) / cam.focalPx;
  const b = (v - cam.cy) / cam.focalPx;
  const dy = cos - b * sin; // down-lane component
  const dz = -sin - b * cos; // vertical component
  const tMask = dy > 0 ? (MASK_FT - cam.ft) / dy : Infinity;
  const zMask = cam.heightFt + tMask * dz;
  const tGround = dz < 0 ? cam.heightFt / -dz : Infinity;
  if (tMask < tGround && zMask >= MASK_BOTTOM_FT) {
    maskingColor(cam.board - (a * tMask) / BOARD_FT, zMask, out);
    return;
  }
  if (tGround === Infinity) {
    out[0] = 20, out[1] = 20, out[2] = 24;
    return;
  }
  surface(cam.board - (a * tGround) / BOARD_FT, cam.ft + tGround * dy, out);
}

/** Renders the background planes for `cam`. */
export function renderBackground(seed: number, cam: LaneCamera): Background {
  const { width: w, height: h } = cam;
  const rgb = new Float32Array(w * h * 3);
  const c = new Float32Array(3);
  const y = new Uint8Array(w * h);
  const surface = createSurface(seed);
  const pitch = (cam.pitchDeg * Math.PI) / 180;
  const cos = Math.cos(pitch);
  const sin = Math.sin(pitch);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      let r = 0, g = 0, b = 0;
      for (let s = 0; s < 4; s++) {
        rayColor(surface, cam, cos, sin, i + 0.25 + 0.5 * (s & 1), j + 0.25 + 0.5 * (s >> 1), c);
        r += c[0], g += c[1], b += c[2];
      }
      const o = (j * w + i) * 3;
      rgb[o] = r / 4, rgb[o + 1] = g / 4, rgb[o + 2] = b / 4;
      y[j * w + i] = Math.round(
        16 + (65.481 * rgb[o] + 128.553 * rgb[o + 1] + 24.966 * rgb[o + 2]) / 255,
      );
    }
  }
  const cw = w >> 1;
  const u = new Uint8Array(cw * (h >> 1));
  const v = new Uint8Array(cw * (h >> 1));
  for (let j = 0; j < h >> 1; j++) {
    for (let i = 0; i < cw; i++) {
      let r = 0, g = 0, b = 0;
      for (const [di, dj] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const o = ((2 * j + dj) * w + 2 * i + di) * 3;
        r += rgb[o], g += rgb[o + 1], b += rgb[o + 2];
      }
      const yuv = rgbToYuv(r / 4, g / 4, b / 4);
      u[j * cw + i] = yuv[1];
      v[j * cw + i] = yuv[2];
    }
  }
  const maskRow = Math.max(
    0,
    Math.ceil(projectLanePoint(cam, cam.board, MASK_FT, MASK_BOTTOM_FT).v),
  );
  const bg: Background = { width: w, height: h, y, u, v, maskRow };
  drawNeighbourRacks(bg, cam);
  return bg;
}

function drawNeighbourRacks(bg: Background, cam: LaneCamera): void {
  for (let lane = -8; lane <= 8; lane++) {
    if (lane === 0) continue;
    for (let pin = 10; pin >= 1; pin--) {
      const p = standingPose(pin);
      drawPin(bg, cam, { ...p, board: p.board + lane * LANE_PITCH_BOARDS }, bg.maskRow);
    }
  }
}
