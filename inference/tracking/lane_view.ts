/**
 * How one lane's camera sees the lane: the lane-plane homography, the plane
 * through the ball's centre (a detection is the ball's centre, 4.25 in above
 * the surface), image regions to watch, and the pin spots for the classifier.
 * Built from the lane's stored calibration, or the simulator's camera.
 */
import { fitCalibration, scaleCalibrationPoints } from "../../core/calibration.ts";
import { CalibrationPointsSchema } from "../../core/calibration_schema.ts";
import { applyHomography, invertMat3, type Mat3 } from "../../core/homography.ts";
import {
  BALL_DIAMETER_IN,
  BOARD_FT,
  defaultSimCalibration,
  LANE_WIDTH_IN,
  type LaneCalibration,
  type LaneCamera,
  type LanePoint,
  laneToImageHomography,
  LEFT_EDGE_BOARD,
  PIN_SPOTS,
  projectLanePoint,
  RIGHT_EDGE_BOARD,
} from "../../core/lane_geometry.ts";
import type { PinSpot, Region } from "../models/types.ts";

export const BALL_RADIUS_FT = BALL_DIAMETER_IN / 24;
/** Typical error of a detected centre, pixels (sets the weight of each point). */
export const CENTRE_SIGMA_PX = 0.35;

export interface LaneView {
  width: number;
  height: number;
  camera: LaneCamera | null;
  /** Lane plane (board, ft) ↔ pixels. */
  surface: { laneToImage: Mat3; imageToLane: Mat3 };
  /** Where a ball centre at (u, v) is on the lane. */
  ballToLane(u: number, v: number, radius: number): LanePoint;
  /** Standard deviations of (board, ft) for a centre measured at (u, v). */
  ballSigma(u: number, v: number, radius: number): { board: number; ft: number };
  /** Apparent radius (pixels) of a ball centred at (u, v). */
  ballRadiusPx(u: number, v: number): number;
  /** Pixel position of a lane point at the ball's centre height. */
  ballToImage(p: LanePoint): { u: number; v: number };
  /** The lane from the foul line to the pins, plus its gutters. */
  laneRegion: Region;
  /** The approach: where the bowler walks and releases. */
  approachRegion: Region;
  /** The pin deck. */
  deckRegion: Region;
  pinSpots: PinSpot[];
  /** The full camera calibration, when the lane has one. */
  calibration: LaneCalibration | null;
}

/** A stored calibration: a camera model, or just the lane → image homography. */
export interface StoredCalibration {
  camera?: Partial<LaneCamera>;
  laneToImage?: number[];
}

function isMat3(v: unknown): v is Mat3 {
  return Array.isArray(v) && v.length === 9 &&
    v.every((x) => typeof x === "number" && Number.isFinite(x));
}

/** The lane view for a lane of this size, from its stored calibration, else the simulator's camera. */
export function laneViewFor(stored: unknown, width: number, height: number): LaneView {
  const s = (stored ?? {}) as StoredCalibration;
  const cam = s.camera;
  if (cam && typeof cam.focalPx === "number" && typeof cam.heightFt === "number") {
    const k = width / (cam.width ?? width);
    const camera: LaneCamera = {
      width,
      height,
      board: cam.board ?? 20,
      ft: cam.ft ?? -18,
      heightFt: cam.heightFt,
      pitchDeg: cam.pitchDeg ?? 18,
      focalPx: cam.focalPx * k,
      cx: (cam.cx ?? (cam.width ?? width) / 2) * k,
      cy: (cam.cy ?? (cam.height ?? height) / 2) * k,
    };
    const laneToImage = laneToImageHomography(camera);
    return fromCalibration({
      width,
      height,
      camera,
      laneToImage,
      imageToLane: invertMat3(laneToImage),
    });
  }
  if (isMat3(s.laneToImage)) return fromHomography(width, height, s.laneToImage);
  // Clicked points as staff store them (core/calibration.ts): fit them at this frame size.
  const points = CalibrationPointsSchema.safeParse(stored);
  if (points.success) {
    try {
      const fit = fitCalibration(scaleCalibrationPoints(points.data, width, height));
      return fromHomography(width, height, fit.laneToImage);
    } catch { /* does not fit: fall back to the simulator's camera */ }
  }
  return fromCalibration(defaultSimCalibration(width, height));
}

/** Lane view from a full camera model: exact ball-centre plane. */
export function fromCalibration(cal: LaneCalibration): LaneView {
  const raised = laneToImageHomography({
    ...cal.camera,
    heightFt: cal.camera.heightFt - BALL_RADIUS_FT,
  });
  const raisedInv = invertMat3(raised);
  const toLane = (u: number, v: number) => {
    const r = applyHomography(raisedInv, u, v);
    return { board: r.x, ft: r.y };
  };
  return build(
    cal.width,
    cal.height,
    cal,
    { laneToImage: cal.laneToImage, imageToLane: cal.imageToLane },
    toLane,
    (p) => {
      const r = applyHomography(raised, p.board, p.ft);
      return { u: r.x, v: r.y };
    },
  );
}

/** Lane view from a homography only: a centre's contact point is taken one radius below it. */
export function fromHomography(width: number, height: number, laneToImage: Mat3): LaneView {
  const imageToLane = invertMat3(laneToImage);
  return build(width, height, null, { laneToImage, imageToLane }, (u, v, r) => {
    const p = applyHomography(imageToLane, u, v + r);
    return { board: p.x, ft: p.y };
  }, (p) => {
    const r = applyHomography(laneToImage, p.board, p.ft);
    return { u: r.x, v: r.y };
  });
}

function build(
  width: number,
  height: number,
  calibration: LaneCalibration | null,
  surface: { laneToImage: Mat3; imageToLane: Mat3 },
  ballToLane: (u: number, v: number, r: number) => LanePoint,
  ballToImage: (p: LanePoint) => { u: number; v: number },
): LaneView {
  const camera = calibration?.camera ?? null;
  const px = (board: number, ft: number) => {
    const r = applyHomography(surface.laneToImage, board, ft);
    return { u: r.x, v: r.y };
  };
  const gutterBoards = (9.25 / LANE_WIDTH_IN) * 39;
  const box = (pts: { u: number; v: number }[], pad = 0): Region => {
    const x0 = Math.max(0, Math.floor(Math.min(...pts.map((p) => p.u)) - pad));
    const x1 = Math.min(width, Math.ceil(Math.max(...pts.map((p) => p.u)) + pad));
    const y0 = Math.max(0, Math.floor(Math.min(...pts.map((p) => p.v)) - pad));
    const y1 = Math.min(height, Math.ceil(Math.max(...pts.map((p) => p.v)) + pad));
    return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  };
  const lo = RIGHT_EDGE_BOARD - gutterBoards, hi = LEFT_EDGE_BOARD + gutterBoards;
  const laneRegion = box([px(lo, -1), px(hi, -1), px(lo, 62), px(hi, 62)], 2);
  const approachRegion = box([px(lo, -15), px(hi, -15), px(lo, -0.5), px(hi, -0.5)]);
  // The deck and the pins standing on it (15 in tall).
  const deckTop = camera
    ? Math.min(
      ...[RIGHT_EDGE_BOARD, LEFT_EDGE_BOARD].map((b) => projectLanePoint(camera, b, 63.5, 1.4).v),
    )
    : px(20, 66).v;
  const deckRegion = box([px(lo, 59), px(hi, 59), px(lo, 63.5), px(hi, 63.5), {
    u: px(lo, 63.5).u,
    v: deckTop,
  }], 1);
  const pinSpots: PinSpot[] = PIN_SPOTS.map((p) => {
    const c = px(p.board, p.ft);
    const d = px(p.board, p.ft + 1);
    const e = px(p.board + 1 / BOARD_FT, p.ft);
    return {
      x: c.u,
      y: c.v,
      scale: Math.hypot(e.u - c.u, e.v - c.v) || Math.hypot(d.u - c.u, d.v - c.v),
    };
  });
  const ballSigma = (u: number, v: number, r: number) => {
    const h = 0.5;
    const a = ballToLane(u, v, r);
    const du = ballToLane(u + h, v, r);
    const dv = ballToLane(u, v + h, r);
    const s = CENTRE_SIGMA_PX / h;
    return {
      board: Math.hypot(du.board - a.board, dv.board - a.board) * s,
      ft: Math.hypot(du.ft - a.ft, dv.ft - a.ft) * s,
    };
  };
  const ballRadiusPx = (u: number, v: number) => {
    const p = ballToLane(u, v, 0);
    const a = ballToImage({ board: p.board - 0.5 / BOARD_FT, ft: p.ft });
    const b = ballToImage({ board: p.board + 0.5 / BOARD_FT, ft: p.ft });
    return BALL_RADIUS_FT * Math.hypot(b.u - a.u, b.v - a.v);
  };
  return {
    width,
    height,
    camera,
    surface,
    ballToLane,
    ballSigma,
    ballRadiusPx,
    ballToImage,
    laneRegion,
    approachRegion,
    deckRegion,
    pinSpots,
    calibration,
  };
}
