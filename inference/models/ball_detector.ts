/**
 * Picks the sidecar's ball detector from config: a YOLO export when
 * `ballModel` (env BALL_MODEL) names one, else the built-in ball CNN.
 */
import { YoloBallDetector } from "../yolo/yolo_detector.ts";
import { BallModel, type BallModelOptions } from "./ball_model.ts";
import type { Provider } from "./onnx_model.ts";
import type { BallDetector } from "./types.ts";

export interface BallDetectorConfig {
  /** Path of an Ultralytics YOLOv8/YOLO11 detection export (BALL_MODEL); unset: built-in model. */
  ballModel?: string;
  /** Labels file for it, one class per line (BALL_MODEL_LABELS); unset: the model's `names`. */
  ballModelLabels?: string;
  providers?: readonly Provider[];
}

export function createBallDetector(
  config: BallDetectorConfig,
  builtIn: Partial<BallModelOptions> = {},
): Promise<BallDetector> {
  const providers = config.providers ? { providers: config.providers } : {};
  if (config.ballModel) {
    return YoloBallDetector.load({
      path: config.ballModel,
      labelsPath: config.ballModelLabels,
      ...providers,
    });
  }
  return BallModel.load({ ...builtIn, ...providers });
}
