/**
 * The sidecar's models: the trained ONNX models from inference/models/ (or a
 * YOLO export as the ball detector), or on request the model-free classic
 * detectors.
 */
import type { Models } from "./analyzer.ts";
import { ClassicBallDetector } from "./classic/ball_detector.ts";
import { ClassicPinClassifier } from "./classic/pin_classifier.ts";
import { createBallDetector } from "./models/ball_detector.ts";
import { FoulModel } from "./models/foul_model.ts";
import { PinModel } from "./models/pin_model.ts";
import type { LaneView } from "./tracking/lane_view.ts";

export interface LoadedModels extends Models {
  /** Which kind was loaded, for the log. */
  kind: "trained" | "classic";
}

/** Lane views by lane, for detectors that need the lane's geometry. */
export type ViewLookup = (laneId: string) => LaneView | undefined;

export function classicModels(views: ViewLookup = () => undefined): LoadedModels {
  return {
    kind: "classic",
    ball: new ClassicBallDetector({
      radiusAt: (laneId, u, v) => views(laneId)?.ballRadiusPx(u, v) ?? 0,
    }),
    pins: new ClassicPinClassifier(),
    regionFor: (view) => view.laneRegion,
  };
}

/** Which detector files to use (BALL_MODEL / BALL_MODEL_LABELS); unset: the built-in CNN. */
export interface ModelFiles {
  ballModel?: string;
  ballModelLabels?: string;
}

/**
 * The models `prefer` names ("trained", "classic" or "auto"). A missing or
 * corrupt model file throws (`Cannot load model "<path>": <reason>`), so the
 * sidecar stops at start with that message; only "auto" falls back to the
 * classic detectors, and only when the shipped model files are absent.
 * `views` gives the classic ball detector each lane's geometry; `threads`
 * the CPU threads of each built-in model's runs (unset: the models' own).
 */
export async function loadModels(
  views: ViewLookup = () => undefined,
  prefer = "trained",
  files: ModelFiles = {},
  { threads }: { threads?: number } = {},
): Promise<LoadedModels> {
  if (prefer === "classic") return classicModels(views);
  if (prefer === "auto" && !files.ballModel && !(await shippedModelsPresent())) {
    console.error(
      "inference: no trained model files in inference/models/; using classic detectors",
    );
    return classicModels(views);
  }
  const tuned = threads ? { threads } : {};
  const [ball, pins, foul] = await Promise.all([
    createBallDetector(files, tuned),
    PinModel.load(tuned),
    FoulModel.load(tuned),
  ]);
  return { kind: "trained", ball, pins, foul };
}

async function shippedModelsPresent(): Promise<boolean> {
  const dir = new URL("./models/", import.meta.url);
  try {
    for (const name of ["ball.onnx", "pins.onnx", "foul.onnx"]) {
      if (!(await Deno.stat(new URL(name, dir))).isFile) return false;
    }
    return true;
  } catch {
    return false;
  }
}
