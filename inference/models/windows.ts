/**
 * Where each model looks: the ball detector's window over the lane and the
 * pin classifier's window over the rack, both derived from the lane
 * calibration (ball) or the pin spots (pins) so that they scale with the
 * picture. Training crops come from these same functions.
 */
import { applyHomography } from "../../core/homography.ts";
import {
  type LaneCalibration,
  laneToPixel,
  PIN_DECK_END_FT,
  PIN_SPOTS,
} from "../../core/lane_geometry.ts";
import type { SampleWindow } from "./i420_sample.ts";
import type { PinSpot, Region } from "./types.ts";

/** Lane centre board. */
const CENTER = 20;
/** Rack window: feet either side of the rack centre, above and below the front pin's base. */
export const RACK_HALF_WIDTH_FT = 2.5;
export const RACK_ABOVE_FT = 2.0;
export const RACK_BELOW_FT = 0.5;

/** Pixels per foot at a lane point, measured across the lane. */
function pixelsPerFoot(cal: LaneCalibration, board: number, ft: number): number {
  const half = 0.5 / (41.5 / 39 / 12); // half a foot in boards
  const a = laneToPixel(cal, { board: board - half, ft });
  const b = laneToPixel(cal, { board: board + half, ft });
  return Math.hypot(b.u - a.u, b.v - a.v);
}

/**
 * The ball detector's region for a lane: from two feet past the pin deck
 * down to the bottom of the picture, centred on the lane, with the aspect
 * (width / height) the model was trained on.
 */
export function ballRegion(cal: LaneCalibration, aspect = 80 / 192): Region {
  const far = laneToPixel(cal, { board: CENTER, ft: PIN_DECK_END_FT + 1 });
  const top = Math.max(0, far.v - 1.5 * pixelsPerFoot(cal, CENTER, PIN_DECK_END_FT));
  const height = cal.height - top;
  const width = height * aspect;
  const foul = laneToPixel(cal, { board: CENTER, ft: 0 });
  const cx = (far.u + foul.u) / 2;
  return { x: cx - width / 2, y: top, width, height };
}

/** The ten pin spots of a lane in image pixels (index i = pin i + 1). */
export function pinSpotsFor(cal: LaneCalibration): PinSpot[] {
  return PIN_SPOTS.map((p) => {
    const { u, v } = laneToPixel(cal, p);
    return { x: u, y: v, scale: pixelsPerFoot(cal, p.board, p.ft) };
  });
}

/** Foul window: floor from this far behind the foul line (feet)... */
export const FOUL_BEHIND_FT = 1.5;
/** ...to this far past it, measured on the lane's centre board. */
export const FOUL_PAST_FT = 3;

/**
 * The foul classifier's region: the foul line across the lane and its
 * gutters, from 1.5 ft behind it to 3 ft past it (where the slide foot and
 * the leg above it show), with the aspect the model was trained on. Only the
 * lane-plane homography is needed, so lanes calibrated by clicked points
 * (no camera model) have one too.
 */
export function foulRegion(
  surface: Pick<LaneCalibration, "laneToImage">,
  aspect = 96 / 40,
): Region {
  const at = (ft: number) => {
    const r = applyHomography(surface.laneToImage, CENTER, ft);
    return { u: r.x, v: r.y };
  };
  const near = at(-FOUL_BEHIND_FT);
  const far = at(FOUL_PAST_FT);
  const height = Math.abs(near.v - far.v);
  const width = height * aspect;
  return { x: at(0).u - width / 2, y: Math.min(near.v, far.v), width, height };
}

/** Maps a region onto an outW×outH input. */
export function regionWindow(r: Region, outW: number, outH: number): SampleWindow {
  return { x: r.x, y: r.y, stepX: r.width / outW, stepY: r.height / outH };
}

/**
 * The rack window: 5 ft wide around the spots' centre, from 2 ft above to
 * half a foot below the front pin's base, at the spots' mean scale.
 */
export function rackWindow(spots: readonly PinSpot[], outW: number, outH: number): SampleWindow {
  if (spots.length !== 10) {
    throw new RangeError(`Cannot read a rack from ${spots.length} pin spots`);
  }
  let cx = 0, s = 0, base = -Infinity;
  for (const p of spots) {
    cx += p.x / 10;
    s += p.scale / 10;
    base = Math.max(base, p.y);
  }
  const w = 2 * RACK_HALF_WIDTH_FT * s;
  const h = (RACK_ABOVE_FT + RACK_BELOW_FT) * s;
  return { x: cx - w / 2, y: base + RACK_BELOW_FT * s - h, stepX: w / outW, stepY: h / outH };
}
