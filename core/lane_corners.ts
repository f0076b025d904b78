/**
 * A lane calibrated from its four corners, clicked on a video's first frame
 * (the upload page, `POST /api/analyze` field `corners`): the two ends of the
 * foul line and the two ends of the pin deck (where the lane meets the pit),
 * in this order, as fractions of the frame (x right, y down, 0…1):
 *
 * 1. foul line, left end (as the bowler sees it)
 * 2. foul line, right end
 * 3. pin deck end, right
 * 4. pin deck end, left
 *
 * Four corners fix the lane → image homography exactly; from it come the
 * arrow tips and pin spots a lane's stored calibration holds, so the result
 * is a {@linkcode CalibrationPoints} like any lane's, fitted by the same
 * core/calibration.ts. The corners must make a convex quadrilateral inside
 * the frame, turning the way a real (unmirrored) camera shows a lane
 * wherever it stands.
 *
 * @example
 * ```ts
 * const points = calibrationFromCorners(simLaneCorners(), 640, 360);
 * fitCalibration(points).rmsPx; // ≈ 0
 * ```
 * @module
 */
import {
  CalibrationError,
  type CalibrationPoints,
  fitCalibration,
  pointsFromHomography,
  SIM_FRAME,
} from "./calibration.ts";
import { applyHomography } from "./homography.ts";
import { fitHomography } from "./homography_fit.ts";
import { DomainError } from "./errors.ts";
import {
  defaultSimCalibration,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  RIGHT_EDGE_BOARD,
} from "./lane_geometry.ts";

/** One corner as a fraction of the frame: x from the left, y from the top, 0…1. */
export interface LaneCorner {
  x: number;
  y: number;
}

/** The corners' lane positions (board, ft), in the order they are clicked. */
export const CORNER_SPOTS = [
  { name: "Foul line, left end", board: LEFT_EDGE_BOARD, ft: 0 },
  { name: "Foul line, right end", board: RIGHT_EDGE_BOARD, ft: 0 },
  { name: "Pin deck end, right", board: RIGHT_EDGE_BOARD, ft: PIN_DECK_END_FT },
  { name: "Pin deck end, left", board: LEFT_EDGE_BOARD, ft: PIN_DECK_END_FT },
] as const;

/** A quadrilateral smaller than this share of the frame is a slip, not a lane. */
const MIN_AREA = 0.0005;

const invalid = (message: string) => new DomainError("lane_corners_invalid", message);

/**
 * Reads the `corners` field: JSON of exactly four `{x, y}` fractions of the
 * frame. Throws `lane_corners_invalid` for anything else.
 */
export function parseLaneCorners(text: string): LaneCorner[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('"corners" is not JSON: send four points like [{"x":0.4,"y":0.9},…]');
  }
  if (!Array.isArray(value) || value.length !== 4) {
    throw invalid('"corners" must hold exactly four points');
  }
  return value.map((p, i) => {
    const ok = p !== null && typeof p === "object" && !Array.isArray(p) &&
      Object.keys(p).sort().join() === "x,y" &&
      [p.x, p.y].every((c) => typeof c === "number" && Number.isFinite(c));
    if (!ok) throw invalid(`Corner ${i + 1} must be an object {x, y} of two numbers`);
    if (p.x < 0 || p.x > 1 || p.y < 0 || p.y > 1) {
      throw invalid(`Corner ${i + 1} is outside the frame (x and y are fractions 0…1)`);
    }
    return { x: p.x, y: p.y };
  });
}

/**
 * Checks the corners make a lane: a convex quadrilateral of some size, in
 * the documented order (left and right not swapped). Throws
 * `lane_corners_not_convex` or `lane_corners_mirrored`.
 */
export function checkLaneCorners(corners: readonly LaneCorner[], width = 1, height = 1): void {
  const px = corners.map((c) => ({ x: c.x * width, y: c.y * height }));
  const turns = px.map((a, i) => {
    const b = px[(i + 1) % 4], c = px[(i + 2) % 4];
    return (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
  });
  const area = Math.abs(
    px.reduce((s, a, i) => s + a.x * px[(i + 1) % 4].y - px[(i + 1) % 4].x * a.y, 0) / 2,
  );
  const convex = turns.every((t) => t > 0) || turns.every((t) => t < 0);
  if (!convex || area < MIN_AREA * width * height) {
    throw new DomainError(
      "lane_corners_not_convex",
      "The four corners do not outline a lane: click them in order around the lane " +
        "(foul line left, foul line right, pin deck right, pin deck left)",
    );
  }
  // Image y points down: left → right along the foul line, then away, turns anticlockwise on screen.
  if (turns[0] > 0) {
    throw new DomainError(
      "lane_corners_mirrored",
      "Left and right are swapped: click the foul line's left end first, as the bowler sees it",
    );
  }
}

/**
 * The calibration points of a lane with these corners on a `width` ×
 * `height` frame: the foul-line ends where they were clicked, every arrow
 * and pin where the corners' homography puts them. Throws the corner codes
 * above, or `lane_corners_not_convex` when no lane in front of the camera
 * fits them.
 */
export function calibrationFromCorners(
  corners: readonly LaneCorner[],
  width: number,
  height: number,
): CalibrationPoints {
  checkLaneCorners(corners, width, height);
  const fit = fitHomography(
    CORNER_SPOTS.map((s, i) => ({
      from: { x: s.board, y: s.ft },
      to: { x: corners[i].x * width, y: corners[i].y * height },
    })),
  );
  if (!fit) throw new DomainError("lane_corners_not_convex", "The corners do not fix a lane");
  const points = pointsFromHomography(fit.h, width, height);
  try {
    fitCalibration(points);
  } catch (err) {
    if (!(err instanceof CalibrationError)) throw err;
    throw new DomainError(
      "lane_corners_not_convex",
      `The corners do not outline a lane the camera could see: ${err.message}`,
    );
  }
  return points;
}

/** The simulator's true lane corners (its default camera), as fractions of its frame. */
export function simLaneCorners(
  width: number = SIM_FRAME.width,
  height: number = SIM_FRAME.height,
): LaneCorner[] {
  const h = defaultSimCalibration(width, height).laneToImage;
  return CORNER_SPOTS.map((s) => {
    const p = applyHomography(h, s.board, s.ft);
    return { x: p.x / width, y: p.y / height };
  });
}
