/**
 * Bowling lane geometry. Lane coordinates are `board` across the lane and
 * `ft` down the lane:
 *
 * - `ft` is feet from the foul line towards the pins (negative: approach).
 * - `board` is Specto's board number for a right-hander: board 1 is the
 *   rightmost board seen from the bowler, board 39 the leftmost. It is
 *   continuous: board n covers [n − 0.5, n + 0.5), so the lane spans
 *   boards 0.5 … 39.5 and its centre is board 20.
 *
 * The camera model and the lane → image homography are at the end.
 */
import { applyHomography, invertMat3, type Mat3, normalizeMat3 } from "./homography.ts";

export const FOUL_LINE_TO_HEAD_PIN_FT = 60;
export const ARROWS_FT = 15;
export const ARROW_BOARDS = [5, 10, 15, 20, 25, 30, 35] as const;
export const LANE_WIDTH_IN = 41.5;
export const BOARD_COUNT = 39;
export const BOARD_IN = LANE_WIDTH_IN / BOARD_COUNT;
export const BOARD_FT = BOARD_IN / 12;
export const CENTER_BOARD = 20;
/** Lane edges as continuous board coordinates. */
export const RIGHT_EDGE_BOARD = 0.5;
export const LEFT_EDGE_BOARD = BOARD_COUNT + 0.5;
export const GUTTER_IN = 9.25;
export const PIN_SPACING_IN = 12;
export const PIN_HEIGHT_IN = 15;
export const PIN_MAX_DIAMETER_IN = 4.766;
export const BALL_DIAMETER_IN = 8.5;
/** Foul line to the end of the pin deck (62 ft 10 3/16 in). */
export const PIN_DECK_END_FT = 62 + 10.1875 / 12;
/** Guide dots 7 ft past the foul line. */
export const LANE_DOTS_FT = 7;
export const LANE_DOT_BOARDS = [3, 5, 8, 11, 14, 26, 29, 32, 35, 37] as const;
/** Ball centre distance at which it touches a pin, in boards. */
export const BALL_PIN_CONTACT_BOARDS = (BALL_DIAMETER_IN + PIN_MAX_DIAMETER_IN) / 2 / BOARD_IN;

/** Arrow tips, staggered in the usual V (the centre arrow furthest away). */
export const ARROW_SPOTS: readonly LanePoint[] = ARROW_BOARDS.map((board) => ({
  board,
  ft: 16 - Math.abs(board - CENTER_BOARD) / 5,
}));

export interface LanePoint {
  /** Board across the lane (1 = rightmost for a right-hander). */
  board: number;
  /** Feet past the foul line. */
  ft: number;
}

/** Inches → boards. */
export function inchesToBoards(inches: number): number {
  return inches / BOARD_IN;
}

/** Boards → inches. */
export function boardsToInches(boards: number): number {
  return boards * BOARD_IN;
}

const ROW_DEPTH_FT = (PIN_SPACING_IN * Math.sqrt(3)) / 2 / 12;
const HALF_SPACING_BOARDS = PIN_SPACING_IN / 2 / BOARD_IN;
/** [row, position in row from the bowler's left] for pins 1…10. */
const PIN_LAYOUT: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [2, 0],
  [2, 1],
  [2, 2],
  [3, 0],
  [3, 1],
  [3, 2],
  [3, 3],
];

/** Spot of pin `pin` (1…10): 1 in front, 7 back-left, 10 back-right. */
export function pinSpot(pin: number): LanePoint {
  if (!Number.isInteger(pin) || pin < 1 || pin > 10) {
    throw new RangeError(`Cannot find pin "${pin}"`);
  }
  const [row, pos] = PIN_LAYOUT[pin - 1];
  // Bowler's left is a higher board number.
  const board = CENTER_BOARD + (row - 2 * pos) * HALF_SPACING_BOARDS;
  return { board, ft: FOUL_LINE_TO_HEAD_PIN_FT + row * ROW_DEPTH_FT };
}

/** All ten pin spots, index i = pin i + 1. */
export const PIN_SPOTS: readonly LanePoint[] = Array.from({ length: 10 }, (_, i) => pinSpot(i + 1));

/**
 * A pinhole camera looking straight down the lane (no yaw, no roll), tilted
 * down by `pitchDeg`. Pixel (i, j) covers [i, i+1) × [j, j+1).
 */
export interface LaneCamera {
  width: number;
  height: number;
  /** Board under the camera. */
  board: number;
  /** Feet past the foul line (negative: behind it). */
  ft: number;
  /** Height above the lane surface, feet. */
  heightFt: number;
  pitchDeg: number;
  focalPx: number;
  cx: number;
  cy: number;
}

export interface Projection {
  /** Image column. */
  u: number;
  /** Image row. */
  v: number;
  /** Distance along the optical axis, feet (≤ 0: behind the camera). */
  depth: number;
  /** Pixels per foot at that depth. */
  scale: number;
}

/** Projects a lane point raised `heightFt` above the surface. */
export function projectLanePoint(
  cam: LaneCamera,
  board: number,
  ft: number,
  heightFt = 0,
): Projection {
  const pitch = (cam.pitchDeg * Math.PI) / 180;
  const cos = Math.cos(pitch);
  const sin = Math.sin(pitch);
  const dx = (cam.board - board) * BOARD_FT;
  const dy = ft - cam.ft;
  const dz = heightFt - cam.heightFt;
  const depth = dy * cos - dz * sin;
  const up = dy * sin + dz * cos;
  const scale = cam.focalPx / depth;
  return { u: cam.cx + dx * scale, v: cam.cy - up * scale, depth, scale };
}

/** Homography from the lane plane (x = board, y = ft) to image pixels. */
export function laneToImageHomography(cam: LaneCamera): Mat3 {
  const pitch = (cam.pitchDeg * Math.PI) / 180;
  const cos = Math.cos(pitch);
  const sin = Math.sin(pitch);
  const f = cam.focalPx;
  // depth = cos·ft + d0, up = sin·ft + u0 for a point on the surface.
  const d0 = -cam.ft * cos + cam.heightFt * sin;
  const u0 = -cam.ft * sin - cam.heightFt * cos;
  return normalizeMat3([
    -f * BOARD_FT,
    cam.cx * cos,
    f * cam.board * BOARD_FT + cam.cx * d0,
    0,
    cam.cy * cos - f * sin,
    cam.cy * d0 - f * u0,
    0,
    cos,
    d0,
  ]);
}

export interface LaneCalibration {
  width: number;
  height: number;
  camera: LaneCamera;
  /** Lane plane (board, ft) → pixel (u, v). */
  laneToImage: Mat3;
  /** Pixel (u, v) → lane plane (board, ft). */
  imageToLane: Mat3;
}

/** Where the simulator's camera sits, in lane units; the lens scales with the frame. */
export const SIM_CAMERA = Object.freeze({
  board: CENTER_BOARD,
  ft: -18,
  heightFt: 10,
  pitchDeg: 18,
  verticalFovDeg: 27,
});

/** The camera and homography the simulator renders with at this frame size. */
export function defaultSimCalibration(width: number, height: number): LaneCalibration {
  const focalPx = height / 2 / Math.tan((SIM_CAMERA.verticalFovDeg * Math.PI) / 360);
  const camera: LaneCamera = {
    width,
    height,
    board: SIM_CAMERA.board,
    ft: SIM_CAMERA.ft,
    heightFt: SIM_CAMERA.heightFt,
    pitchDeg: SIM_CAMERA.pitchDeg,
    focalPx,
    cx: width / 2,
    cy: height / 2,
  };
  const laneToImage = laneToImageHomography(camera);
  return { width, height, camera, laneToImage, imageToLane: invertMat3(laneToImage) };
}

/** Lane point → pixel through a calibration. */
export function laneToPixel(cal: LaneCalibration, p: LanePoint): { u: number; v: number } {
  const r = applyHomography(cal.laneToImage, p.board, p.ft);
  return { u: r.x, v: r.y };
}

/** Pixel → lane point through a calibration (only meaningful on the lane surface). */
export function pixelToLane(cal: LaneCalibration, u: number, v: number): LanePoint {
  const r = applyHomography(cal.imageToLane, u, v);
  return { board: r.x, ft: r.y };
}
