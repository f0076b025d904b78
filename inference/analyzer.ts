/**
 * Runs the models over the newest frame of each lane, batched (one detector
 * call and at most one classifier call per round, whatever the number of
 * lanes), and feeds each lane's shot detector. Finished shots go to `onShot`;
 * live events (approach, release, pinfall, rack-ready) go to `onEvent` as soon
 * as the frame that shows them is through the detector, before the round's
 * slower pin and foul models run.
 */
import type { LaneEvent } from "../core/lane_events.ts";
import { LiveEvents } from "./events/live_events.ts";
import { ShotDetector } from "./events/shot_detector.ts";
import type { ShotReport } from "./events/shot_report.ts";
import type { BallDetector, FoulClassifier, Frame, PinClassifier, Region } from "./models/types.ts";
import { ballRegion, foulRegion } from "./models/windows.ts";
import { type LaneView, laneViewFor } from "./tracking/lane_view.ts";

export interface Models {
  ball: BallDetector;
  pins: PinClassifier;
  /** Judges the foul line after each release; without it fouls are not judged (shots go to review). */
  foul?: FoulClassifier;
  /** Where the ball detector looks; default: the trained model's window (or the lane region). */
  regionFor?: (view: LaneView) => Region;
}

interface LaneState {
  calibration: unknown;
  view?: LaneView;
  detector?: ShotDetector;
  live?: LiveEvents;
  /** The foul-line window (when a foul classifier runs). */
  foulRegion?: Region | null;
}

export class Analyzer {
  readonly #models: Models;
  readonly #lanes = new Map<string, LaneState>();
  readonly #onShot: (laneId: string, shot: ShotReport) => void;
  readonly #onEvent: (event: LaneEvent) => void;
  /** Frames analysed, per lane. */
  readonly analysed = new Map<string, number>();

  constructor(
    models: Models,
    onShot: (laneId: string, shot: ShotReport) => void,
    onEvent: (event: LaneEvent) => void = () => {},
  ) {
    this.#models = models;
    this.#onShot = onShot;
    this.#onEvent = onEvent;
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

  /** Whether the lane is in a shot: from the bowler's approach until its pins are read. */
  busy(laneId: string): boolean {
    const lane = this.#lanes.get(laneId);
    if (!lane?.detector || !lane.live) return false;
    const phase = lane.live.phase;
    return lane.detector.state !== "ready" || phase === "approach" || phase === "released";
  }

  /** Analyses one frame per lane (lanes not set are skipped). */
  async process(frames: Frame[]): Promise<void> {
    type Ready = LaneState & { view: LaneView; detector: ShotDetector; live: LiveEvents };
    const work: { frame: Frame; lane: Ready }[] = [];
    for (const frame of frames) {
      const lane = this.#lanes.get(frame.laneId);
      if (!lane) continue;
      if (!lane.view || lane.view.width !== frame.width || lane.view.height !== frame.height) {
        lane.view = laneViewFor(lane.calibration, frame.width, frame.height);
        const foul = this.#models.foul;
        lane.foulRegion = foul ? foulRegion(lane.view.surface) : null;
        const models = {
          ball: this.#models.ball.version,
          pins: this.#models.pins.version,
          ...(foul ? { foul: foul.version } : {}),
        };
        lane.detector = new ShotDetector({
          laneId: frame.laneId,
          view: lane.view,
          models,
          foulCropBytes: lane.foulRegion ? foul!.cropBytes : undefined,
        });
        lane.live = new LiveEvents({ laneId: frame.laneId, models });
      }
      work.push({ frame, lane: lane as Ready });
    }
    if (!work.length) return;
    // The bowler's start needs no model: told before the ball detector runs.
    for (const { frame, lane } of work) {
      lane.detector.observe(frame);
      for (const e of lane.live.afterMotion(frame.captureTimeMs, lane.detector)) this.#onEvent(e);
    }
    const detections = await this.#models.ball.detect(work.map(({ frame, lane }) => ({
      frame,
      region: this.#models.regionFor?.(lane.view) ??
        (lane.view.calibration ? ballRegion(lane.view.calibration) : lane.view.laneRegion),
    })));
    const reads: { i: number; kind: "before" | "after" }[] = [];
    const events: LaneEvent[] = [];
    const fouls: { d: ShotDetector; crops: Uint8Array[] }[] = [];
    work.forEach(({ frame, lane }, i) => {
      this.analysed.set(frame.laneId, (this.analysed.get(frame.laneId) ?? 0) + 1);
      const before = lane.detector.state;
      const kind = lane.detector.onFrame(frame, detections[i] ?? []);
      events.push(...lane.live.afterFrame(frame.captureTimeMs, lane.detector, before));
      if (kind) reads.push({ i, kind });
      const slot = lane.detector.foulSlot;
      if (slot && lane.foulRegion) this.#models.foul!.crop(frame, lane.foulRegion, slot);
      const crops = lane.detector.takeFoulRequest();
      if (crops) fouls.push({ d: lane.detector, crops });
    });
    for (const e of events.splice(0)) this.#onEvent(e);
    if (fouls.length) await this.#judgeFouls(fouls);
    if (reads.length) {
      const results = await this.#models.pins.classify(
        reads.map(({ i }) => ({ frame: work[i].frame, spots: work[i].lane.view.pinSpots })),
      );
      reads.forEach(({ i, kind }, k) => work[i].lane.detector.onPins(kind, results[k]));
    }
    for (const { frame, lane } of work) {
      for (const e of lane.live.afterPins(frame.captureTimeMs, lane.detector)) this.#onEvent(e);
      for (const shot of lane.detector.take()) this.#onShot(frame.laneId, shot);
    }
  }

  /** One batched foul-classifier call for every lane whose detector asked for a verdict. */
  async #judgeFouls(asks: { d: ShotDetector; crops: Uint8Array[] }[]): Promise<void> {
    if (!this.#models.foul) return;
    const p = await this.#models.foul.classify(asks.flatMap((a) => a.crops));
    let k = 0;
    for (const { d, crops } of asks) {
      d.onFoul(p.slice(k, k + crops.length));
      k += crops.length;
    }
  }
}
