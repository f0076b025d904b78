/**
 * The sidecar's models: the trained ONNX models from inference/models/ when
 * they are installed, otherwise the model-free classic detectors (so the
 * sidecar runs, less accurately, on a fresh checkout).
 */
import type { Models } from "./analyzer.ts";
import { ClassicBallDetector } from "./classic/ball_detector.ts";
import { ClassicPinClassifier } from "./classic/pin_classifier.ts";
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

/**
 * Trained models when `INFERENCE_MODELS=trained|auto` and they load; else classic.
 * `views` gives the classic ball detector each lane's geometry.
 */
export async function loadModels(
  views: ViewLookup = () => undefined,
  prefer = "auto",
): Promise<LoadedModels> {
  if (prefer !== "classic") {
    try {
      const trained = await loadTrained();
      if (trained) return trained;
    } catch (err) {
      if (prefer === "trained") throw err;
      console.error(
        `inference: trained models unavailable (${
          (err as Error).message
        }); using classic detectors`,
      );
    }
  }
  return classicModels(views);
}

async function loadTrained(): Promise<LoadedModels | null> {
  const dir = new URL("./models/", import.meta.url);
  const exists = async (name: string) => {
    try {
      return (await Deno.stat(new URL(name, dir))).isFile;
    } catch {
      return false;
    }
  };
  if (!(await exists("ball_model.ts")) || !(await exists("pin_model.ts"))) return null;
  // Loaded by name so the sidecar builds before the models exist.
  const ballMod = await import(new URL("ball_model.ts", dir).href);
  const pinMod = await import(new URL("pin_model.ts", dir).href);
  const ball = await ballMod.BallModel.load();
  const pins = await pinMod.PinModel.load();
  return { kind: "trained", ball, pins };
}
