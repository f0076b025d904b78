/**
 * A lane's calibration as the API serves it: the clicked points stored on the
 * lane, or for a simulated lane without any, the simulator's own camera
 * (core/calibration.ts `simCalibrationPoints`), fitted on the way out.
 */
import {
  type CalibrationFit,
  type CalibrationPoints,
  fitCalibration,
  simCalibrationPoints,
} from "../../core/calibration.ts";
import { CalibrationPointsSchema } from "../../core/calibration_schema.ts";
import type { Lane } from "./repo.ts";

export type CalibrationSource = "stored" | "sim-default";

export interface LaneCalibrationState {
  source: CalibrationSource;
  points: CalibrationPoints;
  fit: CalibrationFit;
}

/** The calibration in force for `lane`, or `null` when it has none (or a stored one no longer fits). */
export function laneCalibration(
  lane: Pick<Lane, "sourceKind" | "calibration">,
): LaneCalibrationState | null {
  if (lane.calibration) {
    const parsed = CalibrationPointsSchema.safeParse(lane.calibration);
    return parsed.success ? fitted("stored", parsed.data) : null;
  }
  return lane.sourceKind === "sim" ? fitted("sim-default", simCalibrationPoints()) : null;
}

function fitted(source: CalibrationSource, points: CalibrationPoints): LaneCalibrationState | null {
  try {
    return { source, points, fit: fitCalibration(points) };
  } catch {
    return null;
  }
}
