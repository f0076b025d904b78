/**
 * The zod schema of the calibration points staff click, for the API and for
 * reading stored calibrations. It lives apart from core/calibration.ts so the
 * browser can fit calibrations without bundling zod.
 *
 * @example
 * ```ts
 * const parsed = CalibrationPointsSchema.safeParse(lane.calibration);
 * if (parsed.success) fitCalibration(parsed.data);
 * ```
 * @module
 */
import { z } from "zod";
import type { CalibrationPoints } from "./calibration.ts";
import { ARROW_BOARDS } from "./lane_geometry.ts";

const Coord = z.number().min(-100_000).max(100_000);
const PixelShape = { u: Coord, v: Coord };

/** The points staff click, as stored and sent over the API (core/calibration.ts `CalibrationPoints`). */
export const CalibrationPointsSchema = z.strictObject({
  /** Size of the still frame the points were clicked on. */
  width: z.number().int().min(16).max(8192),
  height: z.number().int().min(16).max(8192),
  /** Ends of the foul line at the gutters, left and right as the bowler sees them. */
  foulLine: z.strictObject({ left: z.strictObject(PixelShape), right: z.strictObject(PixelShape) }),
  arrows: z.array(z.strictObject({ board: z.literal(ARROW_BOARDS), ...PixelShape })).max(
    ARROW_BOARDS.length,
  ),
  pins: z.array(z.strictObject({ pin: z.number().int().min(1).max(10), ...PixelShape })).max(10),
}).meta({
  id: "CalibrationPoints",
  description: "Image pixels (u right, v down) clicked on a still frame of width × height",
});

// Compile-time check that the schema and the interface describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesInterface: Same<z.infer<typeof CalibrationPointsSchema>, CalibrationPoints> =
  true;
