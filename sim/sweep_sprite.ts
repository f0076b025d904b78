/** Draws the pinsetter's sweep bar: a wide dark board across the deck and gutters. */
import { type LaneCamera, projectLanePoint } from "../core/lane_geometry.ts";
import { rgbToYuv } from "./color.ts";
import { KICKBACK_LEFT_BOARD, KICKBACK_RIGHT_BOARD } from "./pin_motion.ts";
import { fillPolygon, type Frame420 } from "./raster.ts";

const FACE = rgbToYuv(58, 60, 66);
const EDGE = rgbToYuv(150, 150, 150);
const FACE_HEIGHT_FT = 0.7;

/** Draws the bar with its lower edge `z` feet above the deck at `ft`. */
export function drawSweepBar(
  f: Frame420,
  cam: LaneCamera,
  ft: number,
  z: number,
  clipTop: number,
): void {
  const quad = (z0: number, z1: number, color: ReturnType<typeof rgbToYuv>) => {
    const a = projectLanePoint(cam, KICKBACK_LEFT_BOARD, ft, z0);
    const b = projectLanePoint(cam, KICKBACK_RIGHT_BOARD, ft, z0);
    const c = projectLanePoint(cam, KICKBACK_RIGHT_BOARD, ft, z1);
    const d = projectLanePoint(cam, KICKBACK_LEFT_BOARD, ft, z1);
    fillPolygon(f, [a.u, b.u, c.u, d.u], [a.v, b.v, c.v, d.v], color, clipTop);
  };
  quad(z, z + FACE_HEIGHT_FT, FACE);
  quad(z + FACE_HEIGHT_FT - 0.08, z + FACE_HEIGHT_FT, EDGE);
}
