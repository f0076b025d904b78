/**
 * Where lane points (core/lane_geometry.ts: `board` across, `ft` down the
 * lane) land in the spectator's drawings. Pure.
 *
 * The top-down lane is drawn lying on its side: foul line on the left, pins
 * on the right, the bowler's left (high boards) at the top. A real lane is
 * 17 times longer than wide, so the lane is drawn shorter than its width
 * would make it, and the pin deck — from {@linkcode DECK_FROM_FT} — at the
 * same scale as the boards, so the pin triangle keeps its shape; between
 * {@linkcode BLEND_FROM_FT} and the deck the scale changes smoothly, so a
 * path shows no kink. Angles on the lane look steeper than they are;
 * positions are exact.
 *
 * Over the video, points go through the lane's fitted homography into the
 * frame the calibration was clicked on.
 */
import { applyHomography, type Mat3 } from "../core/homography.ts";
import {
  ARROWS_FT,
  BOARD_FT,
  type LanePoint,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  RIGHT_EDGE_BOARD,
} from "../core/lane_geometry.ts";

/** Drawing units per board, across the lane. */
export const BOARD_UNITS = 4;
/** Drawing units per foot along the lane, before {@linkcode BLEND_FROM_FT}. */
export const LANE_FT_UNITS = 6;
/** Drawing units per foot on the pin deck: the board scale, so the deck is true to shape. */
export const DECK_FT_UNITS = BOARD_UNITS / BOARD_FT;
/** Where the scale starts to change from the lane's to the deck's. */
export const BLEND_FROM_FT = 55;
/** Where the true-to-shape part begins (Specto's entry line, before the head pin). */
export const DECK_FROM_FT = 59.5;
/** How much approach is drawn before the foul line. */
export const APPROACH_FT = 2;
/** Gutters as drawn (schematic), in boards. */
export const GUTTER_BOARDS = 4;
/** The pit drawn past the end of the deck, in drawing units. */
export const PIT_UNITS = 14;
/** Specto's entry board is read 59.5 ft down the lane. */
export const ENTRY_FT = 59.5;

const BLEND_FT = DECK_FROM_FT - BLEND_FROM_FT;
const BLEND_START_X = (BLEND_FROM_FT + APPROACH_FT) * LANE_FT_UNITS;
const DECK_START_X = BLEND_START_X + ((LANE_FT_UNITS + DECK_FT_UNITS) / 2) * BLEND_FT;

/** Where the end of the pin deck is drawn. */
export const DECK_END_X = round(DECK_START_X + (PIN_DECK_END_FT - DECK_FROM_FT) * DECK_FT_UNITS);
export const VIEW_WIDTH = DECK_END_X + PIT_UNITS;
export const VIEW_HEIGHT = (LEFT_EDGE_BOARD - RIGHT_EDGE_BOARD + 2 * GUTTER_BOARDS) * BOARD_UNITS;

export interface ViewPoint {
  x: number;
  y: number;
}

/** Feet down the lane → x in the drawing (continuous, increasing, smooth). */
export function ftToX(ft: number): number {
  if (ft <= BLEND_FROM_FT) return round((ft + APPROACH_FT) * LANE_FT_UNITS);
  if (ft >= DECK_FROM_FT) return round(DECK_START_X + (ft - DECK_FROM_FT) * DECK_FT_UNITS);
  // The scale grows linearly from the lane's to the deck's across the blend.
  const t = ft - BLEND_FROM_FT;
  return round(
    BLEND_START_X + LANE_FT_UNITS * t + ((DECK_FT_UNITS - LANE_FT_UNITS) * t * t) / (2 * BLEND_FT),
  );
}

/** Board → y in the drawing (the bowler's left, board 39, at the top). */
export function boardToY(board: number): number {
  return round((LEFT_EDGE_BOARD + GUTTER_BOARDS - board) * BOARD_UNITS);
}

export function toView(p: LanePoint): ViewPoint {
  return { x: ftToX(p.ft), y: boardToY(p.board) };
}

/** An SVG path through the points in order (`M x y L x y …`); "" for fewer than two. */
export function svgPath(points: readonly ViewPoint[]): string {
  const ok = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (ok.length < 2) return "";
  return ok.map((p, i) => `${i ? "L" : "M"}${p.x} ${p.y}`).join(" ");
}

/** The marked points of a shot: board at the arrows, breakpoint and entry. */
export interface ShotMarks {
  arrows: LanePoint;
  breakpoint: LanePoint;
  entry: LanePoint;
}

export function shotMarks(m: {
  arrowsBoard: number;
  breakpointBoard: number;
  breakpointFt: number;
  entryBoard: number;
}): ShotMarks {
  return {
    arrows: { board: m.arrowsBoard, ft: ARROWS_FT },
    breakpoint: { board: m.breakpointBoard, ft: m.breakpointFt },
    entry: { board: m.entryBoard, ft: ENTRY_FT },
  };
}

/** The lane → image homography of a calibration fit, and its frame size. */
export interface VideoFit {
  width: number;
  height: number;
  laneToImage: readonly number[];
}

/**
 * A lane point in the calibration frame's pixels, or null when it lies
 * behind the camera (on the far side of the horizon from the foul line).
 */
export function toVideo(fit: VideoFit, p: LanePoint): ViewPoint | null {
  const h = fit.laneToImage as unknown as Mat3;
  if (h.length !== 9) return null;
  const w = h[6] * p.board + h[7] * p.ft + h[8];
  const ref = h[6] * (LEFT_EDGE_BOARD + RIGHT_EDGE_BOARD) / 2 + h[8];
  if (!(w * ref > 0)) return null;
  const r = applyHomography(h, p.board, p.ft);
  return { x: round(r.x), y: round(r.y) };
}

/** The points of a path that can be drawn over the video. */
export function videoPath(fit: VideoFit, points: readonly LanePoint[]): ViewPoint[] {
  return points.map((p) => toVideo(fit, p)).filter((p): p is ViewPoint => p !== null);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
