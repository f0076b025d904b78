/**
 * The calibration fit and its overlay for the browser, built on the same pure
 * core modules as core/calibration.ts (homography_fit, lane_geometry) but
 * without importing it: that module also declares the API's zod schema, and
 * zod would add about 500 KiB to the web bundle. The server's answer to
 * `PUT /api/lanes/{id}/calibration` stays authoritative (it also refuses poor
 * fits); this only previews the fit while staff click.
 *
 * `lane_fit_test.ts` checks that it agrees with core/calibration.ts.
 */
import type {
  CalibrationFit,
  CalibrationPoints,
  LaneOverlay,
  Pixel,
  PointResidual,
} from "../../core/calibration.ts";
import { applyHomography, invertMat3, type Mat3 } from "../../core/homography.ts";
import { fitHomography } from "../../core/homography_fit.ts";
import {
  ARROW_SPOTS,
  BOARD_IN,
  CENTER_BOARD,
  type LanePoint,
  LEFT_EDGE_BOARD,
  PIN_DECK_END_FT,
  PIN_MAX_DIAMETER_IN,
  pinSpot,
  RIGHT_EDGE_BOARD,
} from "../../core/lane_geometry.ts";

/** What the server requires (core/calibration.ts REQUIRED_ARROW_BOARDS, REQUIRED_PINS, MIN_PINS). */
const REQUIRED = ["arrow-5", "arrow-20", "arrow-35", "pin-1", "pin-7", "pin-10"];
const MIN_PINS = 4;

export type FitResult = { ok: true; fit: CalibrationFit } | { ok: false; message: string };

/** Fits the clicked points, or says what is missing or why they do not fit. Pure. */
export function previewFit(points: CalibrationPoints): FitResult {
  const clicks = labelled(points);
  const labels = new Set(clicks.map((c) => c.label));
  const missing = ["foul-line-left", "foul-line-right", ...REQUIRED].filter((l) => !labels.has(l));
  if (missing.length) return { ok: false, message: `Click "${missing[0]}" too` };
  if (points.pins.length < MIN_PINS) {
    return { ok: false, message: `Click at least ${MIN_PINS} pins, got ${points.pins.length}` };
  }
  const fit = fitHomography(
    clicks.map((c) => ({ from: { x: c.board, y: c.ft }, to: { x: c.u, y: c.v } })),
  );
  if (!fit) return { ok: false, message: "The points do not determine the lane's position" };
  let imageToLane: Mat3;
  try {
    imageToLane = invertMat3(fit.h);
  } catch {
    return { ok: false, message: "The fitted lane collapses to a line in the image" };
  }
  const residuals = clicks.map((c): PointResidual => {
    const p = applyHomography(fit.h, c.board, c.ft);
    return { ...c, fittedU: p.x, fittedV: p.y, errorPx: Math.hypot(p.x - c.u, p.y - c.v) };
  });
  const rmsPx = Math.sqrt(residuals.reduce((s, r) => s + r.errorPx ** 2, 0) / residuals.length);
  return {
    ok: true,
    fit: {
      width: points.width,
      height: points.height,
      laneToImage: fit.h,
      imageToLane,
      points: residuals,
      rmsPx,
      maxErrorPx: Math.max(...residuals.map((r) => r.errorPx)),
    },
  };
}

/** The same clicks for the same camera at another frame size. Pure. */
export function scalePoints(
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

/** Polylines to draw a fit over the frame: lane edges, foul line, arrows, head-pin line, pin spots. */
export function overlayOf(laneToImage: Mat3): LaneOverlay {
  const headPin = pinSpot(1).ft;
  const halfPin = PIN_MAX_DIAMETER_IN / 2 / BOARD_IN;
  const toImage = (board: number, ft: number): Pixel => {
    const p = applyHomography(laneToImage, board, ft);
    return { u: p.x, v: p.y };
  };
  const ref = laneToImage[6] * CENTER_BOARD + laneToImage[8];
  const inFront = (x: number, y: number) =>
    (laneToImage[6] * x + laneToImage[7] * y + laneToImage[8]) * ref > 0;
  const segment = ([x0, y0]: number[], [x1, y1]: number[], steps = 8): Pixel[] => {
    const out: Pixel[] = [];
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps, y = y0 + ((y1 - y0) * i) / steps;
      if (inFront(x, y)) out.push(toImage(x, y));
    }
    return out;
  };
  return {
    foulLine: segment([RIGHT_EDGE_BOARD, 0], [LEFT_EDGE_BOARD, 0]),
    leftEdge: segment([LEFT_EDGE_BOARD, 0], [LEFT_EDGE_BOARD, PIN_DECK_END_FT]),
    rightEdge: segment([RIGHT_EDGE_BOARD, 0], [RIGHT_EDGE_BOARD, PIN_DECK_END_FT]),
    arrows: ARROW_SPOTS.filter((a) => inFront(a.board, a.ft)).map((a) => toImage(a.board, a.ft)),
    headPinLine: segment([RIGHT_EDGE_BOARD, headPin], [LEFT_EDGE_BOARD, headPin]),
    pinSpots: Array.from({ length: 10 }, (_, i) => {
      const spot = pinSpot(i + 1);
      const c = toImage(spot.board, spot.ft);
      const a = toImage(spot.board - halfPin, spot.ft);
      const b = toImage(spot.board + halfPin, spot.ft);
      return { pin: i + 1, ...c, widthPx: Math.hypot(b.u - a.u, b.v - a.v) };
    }),
  };
}

type Click = Pixel & LanePoint & { label: string };

function labelled(points: CalibrationPoints): Click[] {
  const { left, right } = points.foulLine;
  const clicks: Click[] = [];
  if (left.u >= 0) clicks.push({ label: "foul-line-left", board: LEFT_EDGE_BOARD, ft: 0, ...left });
  if (right.u >= 0) {
    clicks.push({ label: "foul-line-right", board: RIGHT_EDGE_BOARD, ft: 0, ...right });
  }
  for (const a of points.arrows) {
    const spot = ARROW_SPOTS.find((s) => s.board === a.board);
    if (spot) clicks.push({ label: `arrow-${a.board}`, ...spot, u: a.u, v: a.v });
  }
  for (const p of points.pins) {
    clicks.push({ label: `pin-${p.pin}`, ...pinSpot(p.pin), u: p.u, v: p.v });
  }
  return clicks;
}
