/**
 * The foul classifier: a small CNN that reads the foul-line window (see
 * windows.ts) in frames just after the release and answers P(foul), the
 * slide foot over the line. The shot detector keeps the window of recent
 * frames as bytes (`crop`) and asks for one verdict per shot once it knows
 * when the ball was released (`classify`, then `foulVerdict`).
 *
 * @example
 * ```ts
 * const foul = await FoulModel.load();
 * const crop = new Uint8Array(foul.cropBytes);
 * foul.crop(frame, foulRegion(calibration), crop);
 * const [p] = await foul.classify([crop]);
 * ```
 */
import * as ort from "onnxruntime-node";
import { normalizeByte, sampleI420, toBytes } from "./i420_sample.ts";
import { loadModel, type Provider } from "./onnx_model.ts";
import type { FoulClassifier, Frame, Region } from "./types.ts";
import { regionWindow } from "./windows.ts";

export interface FoulModelOptions {
  /** The ONNX file (input "foulline" [N,3,H,W], output "foul" [N,1] probabilities). */
  path: string;
  maxBatch: number;
  providers: readonly Provider[];
  threads: number;
}

export const FOUL_MODEL_DEFAULTS: Readonly<FoulModelOptions> = Object.freeze({
  path: new URL("./foul.onnx", import.meta.url).pathname,
  maxBatch: 32,
  providers: Object.freeze(["cuda", "cpu"] as Provider[]),
  threads: 2,
});

export class FoulModel implements FoulClassifier {
  readonly version: string;
  readonly provider: Provider;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly #session: ort.InferenceSession;
  readonly #maxBatch: number;
  readonly #input: Float32Array;
  readonly #scratch: Float32Array;

  private constructor(
    session: ort.InferenceSession,
    version: string,
    provider: Provider,
    width: number,
    height: number,
    maxBatch: number,
  ) {
    this.#session = session;
    this.version = version;
    this.provider = provider;
    this.inputWidth = width;
    this.inputHeight = height;
    this.#maxBatch = maxBatch;
    this.#input = new Float32Array(maxBatch * 3 * width * height);
    this.#scratch = new Float32Array(3 * width * height);
  }

  static async load(options: Partial<FoulModelOptions> = {}): Promise<FoulModel> {
    const opts = { ...FOUL_MODEL_DEFAULTS, ...options };
    const m = await loadModel(opts.path, "foul-cnn", {
      inputs: [{ name: "foulline", shape: [null, 3, null, null] }],
      outputs: [{ name: "foul", shape: [null, 1] }],
    }, opts);
    const [, , h, w] = m.shapes.foulline;
    if (typeof h !== "number" || typeof w !== "number") {
      throw new Error(`Cannot load model "${opts.path}": input "foulline" needs a fixed size`);
    }
    return new FoulModel(m.session, m.version, m.provider, w, h, opts.maxBatch);
  }

  /** Bytes one crop takes. */
  get cropBytes(): number {
    return 3 * this.inputWidth * this.inputHeight;
  }

  /** Cuts `region` out of the frame into `out` as bytes (as the training data stores them). */
  crop(frame: Frame, region: Region, out: Uint8Array): void {
    const w = this.inputWidth, h = this.inputHeight, s = this.#scratch;
    sampleI420(frame.data, frame.width, frame.height, regionWindow(region, w, h), w, h, s, 0);
    toBytes(s, out);
  }

  /** P(foul) for each crop. */
  async classify(crops: readonly Uint8Array[]): Promise<number[]> {
    const per = this.cropBytes, w = this.inputWidth, h = this.inputHeight;
    const out: number[] = [];
    for (let start = 0; start < crops.length; start += this.#maxBatch) {
      const batch = crops.slice(start, start + this.#maxBatch);
      batch.forEach((c, k) => {
        const o = k * per;
        for (let i = 0; i < per; i++) this.#input[o + i] = normalizeByte(c[i]);
      });
      const input = new ort.Tensor("float32", this.#input.subarray(0, batch.length * per), [
        batch.length,
        3,
        h,
        w,
      ]);
      const result = await this.#session.run({ foulline: input });
      out.push(...(result.foul.data as Float32Array));
    }
    return out;
  }
}
