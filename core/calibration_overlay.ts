/**
 * What a fitted lane calibration is used for: the overlay the staff console
 * draws over a frame (lane edges, foul line, arrow row, head-pin line, pin
 * spots) and where each pin stands in the image for the inference pin
 * classifier. Works with anything that has a lane → image homography.
 *
 * @example
 * ```ts
 * import { fitCalibration, simCalibrationPoints } from "./calibration.ts";
 * const overlay = laneOverlay(fitCalibration(simCalibrationPoints()));
 * overlay.foulLine; // pixels to draw a polyline through
 * ```
 * @module
 */
import type { CalibrationFit, Pixel } from "./calibration.ts";
import { applyHomography } from "./homography.ts";
import {
  ARROW_SPOTS,
  BOARD_IN,
  CENTER_BOARD,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  PIN_MAX_DIAMETER_IN,
  pinSpot,
  RIGHT_EDGE_BOARD,
} from "./lane_geometry.ts";

/** Anything that maps the lane into the image. */
export type LaneToImage = Pick<CalibrationFit, "laneToImage">;

export interface PinInImage extends Pixel {
  pin: number;
  /** The pin's widest diameter across the lane at its spot, in pixels (for crop sizes). */
  widthPx: number;
}

/** Where each of the ten pin spots is in the image, index i = pin i + 1. */
export function pinSpotsInImage(fit: LaneToImage): PinInImage[] {
  const halfBoards = PIN_MAX_DIAMETER_IN / 2 / BOARD_IN;
  return Array.from({ length: 10 }, (_, i) => {
    const spot = pinSpot(i + 1);
    const c = toImage(fit, spot.board, spot.ft);
    const a = toImage(fit, spot.board - halfBoards, spot.ft);
    const b = toImage(fit, spot.board + halfBoards, spot.ft);
    return { pin: i + 1, u: c.u, v: c.v, widthPx: Math.hypot(b.u - a.u, b.v - a.v) };
  });
}

/** Polylines (image pixels) to draw the fitted lane over a frame. */
export interface LaneOverlay {
  foulLine: Pixel[];
  /** Gutter edges from the foul line to the end of the pin deck. */
  leftEdge: Pixel[];
  rightEdge: Pixel[];
  /** Through the seven arrow tips, right to left (the usual V). */
  arrows: Pixel[];
  /** Across the lane at the head pin. */
  headPinLine: Pixel[];
  pinSpots: PinInImage[];
}

/** What to draw for a fit: lane edges, foul line, arrow row, head-pin line and pin spots. */
export function laneOverlay(fit: LaneToImage): LaneOverlay {
  const headPin = pinSpot(1).ft;
  return {
    foulLine: segment(fit, [RIGHT_EDGE_BOARD, 0], [LEFT_EDGE_BOARD, 0]),
    leftEdge: segment(fit, [LEFT_EDGE_BOARD, 0], [LEFT_EDGE_BOARD, PIN_DECK_END_FT]),
    rightEdge: segment(fit, [RIGHT_EDGE_BOARD, 0], [RIGHT_EDGE_BOARD, PIN_DECK_END_FT]),
    arrows: ARROW_SPOTS.filter((a) => inFront(fit, a.board, a.ft)).map((a) =>
      toImage(fit, a.board, a.ft)
    ),
    headPinLine: segment(fit, [RIGHT_EDGE_BOARD, headPin], [LEFT_EDGE_BOARD, headPin]),
    pinSpots: pinSpotsInImage(fit),
  };
}

/** Samples along a lane segment (straight in the image too), dropping any part behind the camera. */
function segment(fit: LaneToImage, [x0, y0]: number[], [x1, y1]: number[], steps = 8): Pixel[] {
  const out: Pixel[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = x0 + ((x1 - x0) * i) / steps, y = y0 + ((y1 - y0) * i) / steps;
    if (inFront(fit, x, y)) out.push(toImage(fit, x, y));
  }
  return out;
}

/** Same side of the horizon as the middle of the foul line. */
function inFront({ laneToImage: h }: LaneToImage, x: number, y: number): boolean {
  const w = h[6] * x + h[7] * y + h[8];
  const ref = h[6] * CENTER_BOARD + h[8];
  return w * ref > 0;
}

function toImage({ laneToImage }: LaneToImage, board: number, ft: number): Pixel {
  const p = applyHomography(laneToImage, board, ft);
  return { u: p.x, v: p.y };
}
