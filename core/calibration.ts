/**
 * Lane calibration: the image-pixel points staff click on a still frame of a
 * lane camera, the lane ↔ image homography fitted to them, and what the
 * console draws and the inference sidecar crops with it (calibration_overlay.ts,
 * re-exported here).
 *
 * Staff click the two ends of the foul line (where it meets the gutters),
 * arrow tips (at least boards 5, 20 and 35; each tagged with its board) and
 * pin spots (at least four, including pins 1, 7 and 10; each tagged with its
 * number). Lane coordinates follow core/lane_geometry.ts: `board` across
 * (0.5 right edge … 39.5 left edge, as the bowler sees it) and `ft` past the
 * foul line; arrow tips sit where {@linkcode ARROW_SPOTS} puts them. The
 * homography is the least-squares fit over every clicked point, reported with
 * each point's reprojection error and the RMS, in pixels.
 *
 * @example
 * ```ts
 * const fit = fitCalibration(simCalibrationPoints(640, 360));
 * fit.rmsPx; // ≈ 0
 * laneOverlay(fit).foulLine; // two pixels to draw a line between
 * pinSpotsInImage(fit)[0]; // { pin: 1, u: 320, v: 38.4, widthPx: … }
 * ```
 * @module
 */
import { applyHomography, invertMat3, type Mat3 } from "./homography.ts";
import { fitHomography } from "./homography_fit.ts";
import {
  ARROW_BOARDS,
  ARROW_SPOTS,
  defaultSimCalibration,
  type LanePoint,
  LEFT_EDGE_BOARD,
  pinSpot,
  RIGHT_EDGE_BOARD,
} from "./lane_geometry.ts";

export {
  type LaneOverlay,
  laneOverlay,
  type LaneToImage,
  type PinInImage,
  pinSpotsInImage,
} from "./calibration_overlay.ts";

/** Arrows that must be clicked: both outer ones and the centre one. */
export const REQUIRED_ARROW_BOARDS = [5, 20, 35] as const;
/** Pins that must be clicked: the head pin and both back corners. */
export const REQUIRED_PINS = [1, 7, 10] as const;
export const MIN_PINS = 4;
/** Frame size of the simulator's default (sim/config.ts SIM_WIDTH × SIM_HEIGHT). */
export const SIM_FRAME = Object.freeze({ width: 640, height: 360 });

export type ArrowBoard = (typeof ARROW_BOARDS)[number];

/**
 * The points staff click, as stored and sent over the API: image pixels (u
 * right, v down) on a still frame of width × height. Validated by
 * core/calibration_schema.ts `CalibrationPointsSchema`. A type alias rather
 * than an interface so it stays assignable to JSON records (server/lanes/repo.ts).
 */
export type CalibrationPoints = {
  /** Size of the still frame the points were clicked on. */
  width: number;
  height: number;
  /** Ends of the foul line at the gutters, left and right as the bowler sees them. */
  foulLine: { left: Pixel; right: Pixel };
  arrows: Array<{ board: ArrowBoard } & Pixel>;
  pins: Array<{ pin: number } & Pixel>;
};

export interface Pixel {
  u: number;
  v: number;
}

/** One clicked point and how far the fitted homography puts its lane point from it. */
export interface PointResidual extends Pixel, LanePoint {
  /** "foul-line-left", "foul-line-right", "arrow-5", "pin-7", … */
  label: string;
  fittedU: number;
  fittedV: number;
  errorPx: number;
}

export interface CalibrationFit {
  width: number;
  height: number;
  /** Lane (board, ft) → image (u, v), row-major, h33 = 1. */
  laneToImage: Mat3;
  /** Image (u, v) → lane (board, ft) on the lane surface. */
  imageToLane: Mat3;
  points: PointResidual[];
  rmsPx: number;
  maxErrorPx: number;
}

export type CalibrationErrorCode =
  | "calibration_missing_points"
  | "calibration_duplicate_point"
  | "calibration_point_outside"
  | "calibration_collinear"
  | "calibration_degenerate"
  | "calibration_poor_fit";

/** Clicked points that cannot calibrate a lane; `details` says which. */
export class CalibrationError extends Error {
  constructor(
    readonly code: CalibrationErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "CalibrationError";
  }
}

export interface FitOptions {
  /** Refuse fits whose RMS reprojection error is above this; default 1% of the frame diagonal, at least 3 px. */
  maxRmsPx?: number;
}

/** Two clicks closer than this (px) are the same click. */
const SAME_CLICK_PX = 0.5;
/** Points whose RMS distance from one line is below this (px) are collinear. */
const MIN_SPREAD_PX = 2;

/** The default refusal threshold for a frame size. */
export function defaultMaxRmsPx(width: number, height: number): number {
  return Math.max(3, 0.01 * Math.hypot(width, height));
}

/**
 * Fits the lane ↔ image homography to the clicked points, or throws a
 * {@linkcode CalibrationError} for points that are missing, duplicated,
 * outside the frame, collinear, degenerate, or that no homography fits well.
 */
export function fitCalibration(
  points: CalibrationPoints,
  options: FitOptions = {},
): CalibrationFit {
  const clicks = labelledClicks(points);
  checkClicks(points, clicks);
  const fit = fitHomography(
    clicks.map((c) => ({ from: { x: c.board, y: c.ft }, to: { x: c.u, y: c.v } })),
  );
  if (!fit) {
    throw new CalibrationError(
      "calibration_degenerate",
      "The points do not determine the lane's position",
    );
  }
  const laneToImage = fit.h;
  let imageToLane: Mat3;
  try {
    imageToLane = invertMat3(laneToImage);
  } catch {
    throw new CalibrationError(
      "calibration_degenerate",
      "The fitted lane collapses to a line in the image",
    );
  }
  checkInFront(laneToImage, clicks);

  const residuals = clicks.map((c): PointResidual => {
    const p = applyHomography(laneToImage, c.board, c.ft);
    return { ...c, fittedU: p.x, fittedV: p.y, errorPx: Math.hypot(p.x - c.u, p.y - c.v) };
  });
  const rmsPx = Math.sqrt(residuals.reduce((s, r) => s + r.errorPx ** 2, 0) / residuals.length);
  const maxErrorPx = Math.max(...residuals.map((r) => r.errorPx));
  const limit = options.maxRmsPx ?? defaultMaxRmsPx(points.width, points.height);
  if (!(rmsPx <= limit)) {
    const worst = residuals.reduce((a, b) => (b.errorPx > a.errorPx ? b : a));
    throw new CalibrationError(
      "calibration_poor_fit",
      `The points do not fit one lane (RMS error ${rmsPx.toFixed(1)} px, limit ${
        limit.toFixed(1)
      } px); check "${worst.label}"`,
      {
        rmsPx,
        maxRmsPx: limit,
        points: residuals.map(({ label, errorPx }) => ({ label, errorPx })),
      },
    );
  }
  return {
    width: points.width,
    height: points.height,
    laneToImage,
    imageToLane,
    points: residuals,
    rmsPx,
    maxErrorPx,
  };
}

type Click = Pixel & LanePoint & { label: string };

/** Every clicked point with its label and lane position. */
function labelledClicks(points: CalibrationPoints): Click[] {
  const { left, right } = points.foulLine;
  return [
    { label: "foul-line-left", board: LEFT_EDGE_BOARD, ft: 0, u: left.u, v: left.v },
    { label: "foul-line-right", board: RIGHT_EDGE_BOARD, ft: 0, u: right.u, v: right.v },
    ...points.arrows.map((a) => ({
      label: `arrow-${a.board}`,
      ...arrowSpot(a.board),
      u: a.u,
      v: a.v,
    })),
    ...points.pins.map((p) => ({ label: `pin-${p.pin}`, ...pinSpot(p.pin), u: p.u, v: p.v })),
  ];
}

function arrowSpot(board: number): LanePoint {
  const spot = ARROW_SPOTS.find((a) => a.board === board);
  if (!spot) throw new RangeError(`Cannot find an arrow on board "${board}"`);
  return spot;
}

function checkClicks(points: CalibrationPoints, clicks: Click[]): void {
  const labels = clicks.map((c) => c.label);
  const repeated = labels.filter((l, i) => labels.indexOf(l) !== i);
  if (repeated.length) {
    throw new CalibrationError(
      "calibration_duplicate_point",
      `"${repeated[0]}" is given more than once`,
      {
        labels: [...new Set(repeated)],
      },
    );
  }
  const arrows = new Set<number>(points.arrows.map((a) => a.board));
  const pins = new Set(points.pins.map((p) => p.pin));
  const missing = [
    ...REQUIRED_ARROW_BOARDS.filter((b) => !arrows.has(b)).map((b) => `arrow-${b}`),
    ...REQUIRED_PINS.filter((p) => !pins.has(p)).map((p) => `pin-${p}`),
  ];
  if (missing.length) {
    throw new CalibrationError("calibration_missing_points", `Click "${missing[0]}" too`, {
      labels: missing,
    });
  }
  if (pins.size < MIN_PINS) {
    throw new CalibrationError(
      "calibration_missing_points",
      `Click at least ${MIN_PINS} pins, got ${pins.size}`,
    );
  }
  const outside = clicks.filter((c) =>
    !(c.u >= 0 && c.u <= points.width && c.v >= 0 && c.v <= points.height)
  );
  if (outside.length) {
    throw new CalibrationError(
      "calibration_point_outside",
      `"${outside[0].label}" is outside the ${points.width}×${points.height} frame`,
      { labels: outside.map((c) => c.label) },
    );
  }
  for (let i = 0; i < clicks.length; i++) {
    for (let j = i + 1; j < clicks.length; j++) {
      if (Math.hypot(clicks[i].u - clicks[j].u, clicks[i].v - clicks[j].v) < SAME_CLICK_PX) {
        throw new CalibrationError(
          "calibration_duplicate_point",
          `"${clicks[i].label}" and "${clicks[j].label}" are on the same pixel`,
          { labels: [clicks[i].label, clicks[j].label] },
        );
      }
    }
  }
  if (spreadFromLine(clicks) < MIN_SPREAD_PX) {
    throw new CalibrationError(
      "calibration_collinear",
      "The points lie on one line; click the lane's whole width",
    );
  }
}

/** RMS distance (px) of the points from the line that fits them best. */
function spreadFromLine(points: readonly Pixel[]): number {
  const n = points.length;
  const cu = points.reduce((s, p) => s + p.u, 0) / n;
  const cv = points.reduce((s, p) => s + p.v, 0) / n;
  let suu = 0, svv = 0, suv = 0;
  for (const p of points) {
    suu += (p.u - cu) ** 2;
    svv += (p.v - cv) ** 2;
    suv += (p.u - cu) * (p.v - cv);
  }
  suu /= n;
  svv /= n;
  suv /= n;
  // Smallest eigenvalue of the 2×2 covariance: mean squared distance from the best line.
  const smallest = (suu + svv) / 2 - Math.sqrt(((suu - svv) / 2) ** 2 + suv ** 2);
  return Math.sqrt(Math.max(smallest, 0));
}

/** The lane from the foul line to the furthest click must lie wholly in front of the camera. */
function checkInFront(h: Mat3, clicks: readonly Click[]): void {
  const far = Math.max(...clicks.map((c) => c.ft));
  const corners = [RIGHT_EDGE_BOARD, LEFT_EDGE_BOARD].flatMap((
    board,
  ) => [[board, 0], [board, far]]);
  const signs = new Set(corners.map(([x, y]) => Math.sign(h[6] * x + h[7] * y + h[8])));
  if (signs.size !== 1 || signs.has(0)) {
    throw new CalibrationError(
      "calibration_degenerate",
      "The fitted lane crosses the horizon; check the points' labels",
    );
  }
}

// ---------------------------------------------------------------------------
// Defaults and rescaling

/** The clicks that calibrate a simulated lane (every arrow and pin, exact to 0.01 px). */
export function simCalibrationPoints(
  width: number = SIM_FRAME.width,
  height: number = SIM_FRAME.height,
): CalibrationPoints {
  return pointsFromHomography(defaultSimCalibration(width, height).laneToImage, width, height);
}

/**
 * The clicks a lane seen through this lane → image homography would get,
 * every arrow and pin, to 0.01 px (core/lane_corners.ts makes them from four corners).
 */
export function pointsFromHomography(h: Mat3, width: number, height: number): CalibrationPoints {
  const at = (board: number, ft: number) => {
    const p = applyHomography(h, board, ft);
    return { u: round2(p.x), v: round2(p.y) };
  };
  return {
    width,
    height,
    foulLine: { left: at(LEFT_EDGE_BOARD, 0), right: at(RIGHT_EDGE_BOARD, 0) },
    arrows: ARROW_SPOTS.map((a) => ({ board: a.board as ArrowBoard, ...at(a.board, a.ft) })),
    pins: Array.from(
      { length: 10 },
      (_, i) => ({ pin: i + 1, ...at(pinSpot(i + 1).board, pinSpot(i + 1).ft) }),
    ),
  };
}

/** The same clicks for the same camera at another frame size. */
export function scaleCalibrationPoints(
  points: CalibrationPoints,
  width: number,
  height: number,
): CalibrationPoints {
  const sx = width / points.width, sy = height / points.height;
  const scale = ({ u, v }: Pixel) => ({ u: u * sx, v: v * sy });
  return {
    width,
    height,
    foulLine: { left: scale(points.foulLine.left), right: scale(points.foulLine.right) },
    arrows: points.arrows.map((a) => ({ ...a, ...scale(a) })),
    pins: points.pins.map((p) => ({ ...p, ...scale(p) })),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
