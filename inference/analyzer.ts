/**
 * Runs the models over the newest frame of each lane, batched (one detector
 * call and at most one classifier call per round, whatever the number of
 * lanes), and feeds each lane's shot detector. Finished shots go to `onShot`.
 */
import { ShotDetector } from "./events/shot_detector.ts";
import type { ShotReport } from "./events/shot_report.ts";
import type { BallDetector, Frame, PinClassifier, Region } from "./models/types.ts";
import { ballRegion } from "./models/windows.ts";
import { type LaneView, laneViewFor } from "./tracking/lane_view.ts";

export interface Models {
  ball: BallDetector;
  pins: PinClassifier;
  /** Where the ball detector looks; default: the trained model's window (or the lane region). */
  regionFor?: (view: LaneView) => Region;
}

interface LaneState {
  calibration: unknown;
  view?: LaneView;
  detector?: ShotDetector;
}

export class Analyzer {
  readonly #models: Models;
  readonly #lanes = new Map<string, LaneState>();
  readonly #onShot: (laneId: string, shot: ShotReport) => void;
  /** Frames analysed, per lane. */
  readonly analysed = new Map<string, number>();

  constructor(models: Models, onShot: (laneId: string, shot: ShotReport) => void) {
    this.#models = models;
    this.#onShot = onShot;
  }

  /** Starts (or restarts, with a new calibration) a lane. */
  setLane(laneId: string, calibration: unknown): void {
    const cur = this.#lanes.get(laneId);
    if (cur && JSON.stringify(cur.calibration) === JSON.stringify(calibration)) return;
    this.#lanes.set(laneId, { calibration });
  }

  removeLane(laneId: string): void {
    this.#lanes.delete(laneId);
  }

  /** The lane's view (once a frame has told its size). */
  view(laneId: string): LaneView | undefined {
    return this.#lanes.get(laneId)?.view;
  }

  /** Analyses one frame per lane (lanes not set are skipped). */
  async process(frames: Frame[]): Promise<void> {
    const work: { frame: Frame; lane: LaneState & { view: LaneView; detector: ShotDetector } }[] =
      [];
    for (const frame of frames) {
      const lane = this.#lanes.get(frame.laneId);
      if (!lane) continue;
      if (!lane.view || lane.view.width !== frame.width || lane.view.height !== frame.height) {
        lane.view = laneViewFor(lane.calibration, frame.width, frame.height);
        lane.detector = new ShotDetector({
          laneId: frame.laneId,
          view: lane.view,
          models: { ball: this.#models.ball.version, pins: this.#models.pins.version },
        });
      }
      work.push({ frame, lane: lane as LaneState & { view: LaneView; detector: ShotDetector } });
    }
    if (!work.length) return;
    const detections = await this.#models.ball.detect(work.map(({ frame, lane }) => ({
      frame,
      region: this.#models.regionFor?.(lane.view) ??
        (lane.view.calibration ? ballRegion(lane.view.calibration) : lane.view.laneRegion),
    })));
    const reads: { i: number; kind: "before" | "after" }[] = [];
    work.forEach(({ frame, lane }, i) => {
      this.analysed.set(frame.laneId, (this.analysed.get(frame.laneId) ?? 0) + 1);
      const kind = lane.detector.onFrame(frame, detections[i] ?? []);
      if (kind) reads.push({ i, kind });
    });
    if (reads.length) {
      const results = await this.#models.pins.classify(
        reads.map(({ i }) => ({ frame: work[i].frame, spots: work[i].lane.view.pinSpots })),
      );
      reads.forEach(({ i, kind }, k) => work[i].lane.detector.onPins(kind, results[k]));
    }
    for (const { frame, lane } of work) {
      for (const shot of lane.detector.take()) this.#onShot(frame.laneId, shot);
    }
  }
}
