/**
 * Calibrating a lane on a still frame: staff freeze a frame, pick what they
 * are about to click (a foul-line end, an arrow's board, a pin's number) and
 * click it. Each click moves on to the next point not yet clicked. The fit
 * is previewed locally (lane_fit.ts, core/calibration.ts) as points come in
 * (so the overlay and the reprojection error show before saving) and saved with
 * `PUT /api/lanes/{id}/calibration`, whose answer is the stored fit.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import {
  type ArrowBoard,
  type CalibrationFit,
  type CalibrationPoints,
  type Pixel,
  scaleCalibrationPoints,
} from "../../core/calibration.ts";
import { ARROW_BOARDS } from "../../core/lane_geometry.ts";
import { describeError } from "../api.ts";
import { previewFit } from "./lane_fit.ts";
import type { LaneCalibration, StaffApi } from "./staff_api.ts";

/** What a click places, named as core/calibration.ts labels its points. */
export type TargetLabel = `foul-line-${"left" | "right"}` | `arrow-${ArrowBoard}` | `pin-${number}`;

/** Every point staff can click, in the order the console asks for them. */
export const TARGETS: readonly TargetLabel[] = [
  "foul-line-left",
  "foul-line-right",
  ...ARROW_BOARDS.map((b) => `arrow-${b}` as const),
  ...Array.from({ length: 10 }, (_, i) => `pin-${i + 1}` as const),
];

/** A short name for a target: "Left end", "Board 20", "Pin 7". */
export function targetName(label: TargetLabel): string {
  if (label === "foul-line-left") return "Foul line, left end";
  if (label === "foul-line-right") return "Foul line, right end";
  const [kind, n] = label.split("-");
  return kind === "arrow" ? `Arrow on board ${n}` : `Pin ${n}`;
}

/** The still frame the points are clicked on. */
export interface Still {
  image: CanvasImageSource;
  width: number;
  height: number;
}

export type Clicks = Partial<Record<TargetLabel, Pixel>>;

/** The clicks as the API's calibration points. Pure. */
export function toCalibrationPoints(
  clicks: Clicks,
  width: number,
  height: number,
): CalibrationPoints {
  const at = (label: TargetLabel): Pixel => clicks[label] ?? { u: -1, v: -1 };
  return {
    width,
    height,
    foulLine: { left: at("foul-line-left"), right: at("foul-line-right") },
    arrows: ARROW_BOARDS.filter((b) => clicks[`arrow-${b}`]).map((board) => ({
      board,
      ...at(`arrow-${board}`),
    })),
    pins: Array.from({ length: 10 }, (_, i) => i + 1).filter((pin) => clicks[`pin-${pin}`]).map(
      (pin) => ({ pin, ...at(`pin-${pin}`) }),
    ),
  };
}

/** The calibration points as clicks. Pure. */
export function toClicks(points: CalibrationPoints): Clicks {
  const clicks: Clicks = {
    "foul-line-left": points.foulLine.left,
    "foul-line-right": points.foulLine.right,
  };
  for (const { board, u, v } of points.arrows) clicks[`arrow-${board}`] = { u, v };
  for (const { pin, u, v } of points.pins) clicks[`pin-${pin}`] = { u, v };
  return clicks;
}

export type Preview =
  | { kind: "none" }
  | { kind: "fit"; fit: CalibrationFit }
  | { kind: "problem"; message: string };

export interface CalibrationModelOptions {
  laneId: string;
  api: Pick<StaffApi, "getCalibration" | "saveCalibration">;
}

export class CalibrationModel {
  readonly laneId: string;
  readonly still = signal<Still | null>(null);
  readonly clicks = signal<Clicks>({});
  readonly target = signal<TargetLabel>(TARGETS[0]);
  /** The calibration the server has (loaded, then as saved). */
  readonly saved = signal<LaneCalibration | null>(null);
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);
  /** Whether the clicks differ from what was last saved. */
  readonly dirty = signal(false);

  /** The clicks in API form, once there is a still. */
  readonly points: ReadonlySignal<CalibrationPoints | null> = computed(() => {
    const still = this.still.value;
    return still ? toCalibrationPoints(this.clicks.value, still.width, still.height) : null;
  });

  /** The fit of the clicks so far, or what is still missing or wrong. */
  readonly preview: ReadonlySignal<Preview> = computed(() => {
    const points = this.points.value;
    if (!points || Object.keys(this.clicks.value).length === 0) return { kind: "none" };
    const result = previewFit(points);
    return result.ok
      ? { kind: "fit", fit: result.fit }
      : { kind: "problem", message: result.message };
  });

  #api: CalibrationModelOptions["api"];

  constructor(options: CalibrationModelOptions) {
    this.laneId = options.laneId;
    this.#api = options.api;
  }

  /** Loads the lane's calibration (if any) to start from. */
  async load(signal?: AbortSignal): Promise<void> {
    try {
      this.saved.value = await this.#api.getCalibration(this.laneId, signal);
    } catch (error) {
      if (!signal?.aborted) this.error.value = describeError(error);
    }
  }

  /**
   * Uses this frame as the still. Clicks already made (or the stored
   * calibration's, rescaled to this frame) carry over.
   */
  freeze(still: Still): void {
    const previous = this.still.peek();
    const saved = this.saved.peek();
    if (previous && Object.keys(this.clicks.peek()).length > 0) {
      const points = toCalibrationPoints(this.clicks.peek(), previous.width, previous.height);
      this.clicks.value = rescaled(points, still);
    } else if (saved?.source === "stored") {
      this.clicks.value = rescaled(saved.points, still);
    }
    this.still.value = still;
    this.target.value = this.#nextMissing(-1) ?? TARGETS[0];
  }

  /** Places the current target at pixel (u, v) of the still and moves on to the next missing point. */
  place(u: number, v: number): void {
    const still = this.still.peek();
    if (!still) return;
    const pixel = {
      u: round2(Math.min(Math.max(u, 0), still.width)),
      v: round2(Math.min(Math.max(v, 0), still.height)),
    };
    this.clicks.value = { ...this.clicks.peek(), [this.target.peek()]: pixel };
    this.dirty.value = true;
    const next = this.#nextMissing(TARGETS.indexOf(this.target.peek()));
    if (next) this.target.value = next;
  }

  remove(label: TargetLabel): void {
    const { [label]: _gone, ...rest } = this.clicks.peek();
    this.clicks.value = rest;
    this.dirty.value = true;
    this.target.value = label;
  }

  clear(): void {
    this.clicks.value = {};
    this.dirty.value = true;
    this.target.value = TARGETS[0];
  }

  async save(): Promise<boolean> {
    const points = this.points.peek();
    if (!points) return false;
    this.saving.value = true;
    this.error.value = null;
    try {
      this.saved.value = await this.#api.saveCalibration(this.laneId, points);
      this.dirty.value = false;
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.saving.value = false;
    }
  }

  /** The first target after index `start` (wrapping) that has no click yet. */
  #nextMissing(start: number): TargetLabel | undefined {
    const clicks = this.clicks.peek();
    for (let i = 1; i <= TARGETS.length; i++) {
      const label = TARGETS[(start + i) % TARGETS.length];
      if (!clicks[label]) return label;
    }
    return undefined;
  }
}

function rescaled(points: CalibrationPoints, still: Still): Clicks {
  if (points.width === still.width && points.height === still.height) return toClicks(points);
  return toClicks(scaleCalibrationPoints(points, still.width, still.height));
}

const round2 = (x: number) => Math.round(x * 100) / 100;
