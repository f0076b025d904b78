/**
 * The pin classifier: a small CNN that reads the whole rack window (see
 * windows.ts) and answers P(standing) for each of the ten pins, calibrated
 * on held-out seeds. Frames from many lanes run as one batch. When the
 * caller says which pins stood before the shot, the others are reported
 * down for certain (a pin cannot get up).
 *
 * @example
 * ```ts
 * const pins = await PinModel.load();
 * const [state] = await pins.classify([{ frame, spots: pinSpotsFor(calibration) }]);
 * if (state.confidence >= 0.99) settle(state.standing);
 * ```
 */
import { CropBatch } from "./crop_batch.ts";
import { loadModel, type Provider } from "./onnx_model.ts";
import type { Frame, PinClassifier, PinSpot, PinStateResult } from "./types.ts";
import { rackWindow } from "./windows.ts";

export interface PinModelOptions {
  /** The ONNX file (input "rack" [N,3,H,W], output "standing" [N,10] probabilities). */
  path: string;
  maxBatch: number;
  providers: readonly Provider[];
  threads: number;
}

export const PIN_MODEL_DEFAULTS: Readonly<PinModelOptions> = Object.freeze({
  path: new URL("./pins.onnx", import.meta.url).pathname,
  maxBatch: 32,
  providers: Object.freeze(["cuda", "cpu"] as Provider[]),
  threads: 2,
});

export type PinItem = { frame: Frame; spots: PinSpot[]; standingBefore?: number };

export class PinModel implements PinClassifier {
  readonly version: string;
  readonly provider: Provider;
  readonly #crops: CropBatch;

  private constructor(crops: CropBatch, version: string, provider: Provider) {
    this.#crops = crops;
    this.version = version;
    this.provider = provider;
  }

  get inputWidth(): number {
    return this.#crops.width;
  }

  get inputHeight(): number {
    return this.#crops.height;
  }

  static async load(options: Partial<PinModelOptions> = {}): Promise<PinModel> {
    const opts = { ...PIN_MODEL_DEFAULTS, ...options };
    const m = await loadModel(opts.path, "pins-cnn", {
      inputs: [{ name: "rack", shape: [null, 3, null, null] }],
      outputs: [{ name: "standing", shape: [null, 10] }],
    }, opts);
    const [, , h, w] = m.shapes.rack;
    if (typeof h !== "number" || typeof w !== "number") {
      throw new Error(`Cannot load model "${opts.path}": input "rack" needs a fixed size`);
    }
    return new PinModel(
      new CropBatch(m.session, "rack", "standing", w, h, opts.maxBatch),
      m.version,
      m.provider,
    );
  }

  classify(items: PinItem[]): Promise<PinStateResult[]> {
    const w = this.inputWidth, h = this.inputHeight;
    return this.#crops.run(
      items,
      (item) => rackWindow(item.spots, w, h),
      (p, k, item) => pinState(p.subarray(k * 10, k * 10 + 10), item.standingBefore),
    );
  }
}

/** Standing mask, probabilities and whole-state confidence from ten P(standing). */
export function pinState(p: ArrayLike<number>, standingBefore = 0x3ff): PinStateResult {
  const probabilities = new Float32Array(10);
  let standing = 0;
  let confidence = 1;
  for (let i = 0; i < 10; i++) {
    const q = (standingBefore >> i) & 1 ? p[i] : 0;
    probabilities[i] = q;
    if (q >= 0.5) standing |= 1 << i;
    confidence = Math.min(confidence, Math.max(q, 1 - q));
  }
  return { standing, probabilities, confidence };
}
