/**
 * The calibration fit previewed in the console while staff click, using
 * core/calibration.ts itself (it is zod-free, so the bundle stays small). The
 * server's answer to `PUT /api/lanes/{id}/calibration` stays authoritative:
 * the preview shows a fit whatever its RMS error (the overlay and the
 * residuals show which click is off) and leaves refusing poor fits to it.
 */
import {
  CalibrationError,
  type CalibrationFit,
  type CalibrationPoints,
  fitCalibration,
} from "../../core/calibration.ts";

export type FitResult = { ok: true; fit: CalibrationFit } | { ok: false; message: string };

/**
 * Fits the clicked points, or says what is missing or why they do not fit.
 * A foul-line end not clicked yet has a negative pixel (calibration_model.ts
 * `toCalibrationPoints`). Pure.
 */
export function previewFit(points: CalibrationPoints): FitResult {
  const { left, right } = points.foulLine;
  if (left.u < 0) return { ok: false, message: 'Click "foul-line-left" too' };
  if (right.u < 0) return { ok: false, message: 'Click "foul-line-right" too' };
  try {
    return { ok: true, fit: fitCalibration(points, { maxRmsPx: Infinity }) };
  } catch (error) {
    if (error instanceof CalibrationError) return { ok: false, message: error.message };
    throw error;
  }
}
