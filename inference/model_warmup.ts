/**
 * Runs each trained model once on a blank 640×360 frame at start, so the
 * first real frames (and the live events they carry) do not pay for the
 * runtime's first-run set-up. The classic detectors need no warm-up.
 */
import type { LoadedModels } from "./model_loader.ts";
import type { Frame } from "./models/types.ts";
import { laneViewFor } from "./tracking/lane_view.ts";

export async function warmUpModels(models: LoadedModels): Promise<void> {
  if (models.kind !== "trained") return;
  const view = laneViewFor(null, 640, 360);
  const frame: Frame = {
    laneId: "warm-up",
    width: 640,
    height: 360,
    data: new Uint8Array(640 * 360 * 1.5),
    captureTimeMs: 0,
    seq: 0,
  };
  await models.ball.detect([{ frame, region: view.laneRegion }]);
  await models.pins.classify([{ frame, spots: view.pinSpots }]);
  if (models.foul) await models.foul.classify([new Uint8Array(models.foul.cropBytes)]);
}
