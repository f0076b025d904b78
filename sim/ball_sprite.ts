/**
 * Draws the bowling ball: a lit sphere with a marbled cover and finger
 * holes that turn as it rolls, plus its contact shadow and reflection on the
 * lane.
 */
import { type LaneCamera, projectLanePoint } from "../core/lane_geometry.ts";
import type { Rgb } from "./bowler.ts";
import { rgbToYuv } from "./color.ts";
import { BALL_RADIUS_FT } from "./physics.ts";
import { type Frame420, shadowEllipse } from "./raster.ts";

const HOLES: readonly (readonly [number, number, number])[] = [
  [0, 0.42, 0.91],
  [-0.22, 0.7, 0.68],
  [0.22, 0.7, 0.68],
];
// Light from the upper left, slightly towards the camera.
const LX = -0.35, LY = 0.75, LZ = 0.56;

/**
 * Draws a ball centred at (board, ft, z). `roll` is the rotation (radians)
 * about the lateral axis; `onLane` adds the shadow and reflection.
 */
export function drawBall(
  f: Frame420,
  cam: LaneCamera,
  board: number,
  ft: number,
  z: number,
  color: Rgb,
  roll: number,
  clipTop: number,
  onLane: boolean,
): void {
  const c = projectLanePoint(cam, board, ft, z);
  if (c.depth < 0.5) return;
  const r = BALL_RADIUS_FT * c.scale;
  if (onLane) {
    const g = projectLanePoint(cam, board, ft, 0);
    shadowEllipse(f, g.u, g.v, r * 1.1, r * 0.35, 0.55, clipTop);
    const m = projectLanePoint(cam, board, ft, -z);
    sphere(f, m.u, m.v, r, color, roll, clipTop, 0.2);
  }
  sphere(f, c.u, c.v, r, color, roll, clipTop, 1);
}

function sphere(
  f: Frame420,
  cx: number,
  cy: number,
  r: number,
  color: Rgb,
  roll: number,
  clipTop: number,
  alpha: number,
): void {
  const { width: w, height: h } = f;
  const base = rgbToYuv(...color);
  const light = rgbToYuv(
    Math.min(255, color[0] * 1.6 + 60),
    Math.min(255, color[1] * 1.6 + 60),
    Math.min(255, color[2] * 1.6 + 60),
  );
  const cosR = Math.cos(roll), sinR = Math.sin(roll);
  const j0 = Math.max(clipTop, Math.floor(cy - r), 0);
  const j1 = Math.min(h - 1, Math.ceil(cy + r));
  const i0 = Math.max(0, Math.floor(cx - r));
  const i1 = Math.min(w - 1, Math.ceil(cx + r));
  const inv = 1 / Math.max(r, 0.5);
  for (let j = j0; j <= j1; j++) {
    const ny = -(j + 0.5 - cy) * inv;
    for (let i = i0; i <= i1; i++) {
      const nx = (i + 0.5 - cx) * inv;
      const d2 = nx * nx + ny * ny;
      const edge = (1 - Math.sqrt(d2)) * r + 0.5; // coverage of the rim pixel
      if (edge <= 0) continue;
      const nz = Math.sqrt(Math.max(0, 1 - d2));
      // Surface point in the ball's own frame (rolled about the lateral axis).
      const by = ny * cosR - nz * sinR;
      const bz = ny * sinR + nz * cosR;
      const marble = Math.sin(5.1 * nx + 3.3 * by + 2.6 * Math.sin(4.2 * bz + 1.7 * nx));
      let hole = false;
      for (const [hx, hy, hz] of HOLES) if (nx * hx + by * hy + bz * hz > 0.985) hole = true;
      const diffuse = Math.max(0, nx * LX + ny * LY + nz * LZ);
      const spec = Math.pow(Math.max(0, 2 * diffuse * nz - LZ), 24);
      let yv = marble > 0.35 ? light[0] : base[0];
      yv = 16 + (yv - 16) * (0.35 + 0.75 * diffuse);
      if (hole) yv = 18;
      yv = Math.min(240, yv + 200 * spec);
      const o = j * w + i;
      const a = alpha * Math.min(1, edge);
      f.y[o] = f.y[o] + (yv - f.y[o]) * a;
      if (a > 0.5 && (i & 1) === 0 && (j & 1) === 0) {
        const ci = (j >> 1) * (w >> 1) + (i >> 1);
        const src = marble > 0.35 ? light : base;
        f.u[ci] = hole ? 128 : src[1];
        f.v[ci] = hole ? 128 : src[2];
      }
    }
  }
}
