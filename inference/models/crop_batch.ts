/**
 * What both CNNs do per call: cut one window out of each frame (I420 →
 * normalised Y/U/V planes, into one preallocated input tensor), run them
 * through the session in batches of at most `maxBatch`, and read each
 * sample's answer out of the batch output.
 */
import * as ort from "onnxruntime-node";
import { sampleI420, type SampleWindow } from "./i420_sample.ts";
import type { Frame } from "./types.ts";

export class CropBatch {
  readonly #session: ort.InferenceSession;
  readonly #input: Float32Array;
  readonly #windows: SampleWindow[] = [];

  constructor(
    session: ort.InferenceSession,
    readonly inputName: string,
    readonly outputName: string,
    /** Model input size in pixels. */
    readonly width: number,
    readonly height: number,
    readonly maxBatch: number,
  ) {
    this.#session = session;
    this.#input = new Float32Array(maxBatch * 3 * width * height);
  }

  /**
   * Runs every item's window through the model; `read(out, k, item, window)`
   * turns sample k of a batch's output into the item's answer.
   */
  async run<I extends { frame: Frame }, T>(
    items: readonly I[],
    windowOf: (item: I) => SampleWindow,
    read: (out: Float32Array, k: number, item: I, window: SampleWindow) => T,
  ): Promise<T[]> {
    const answers: T[] = [];
    for (let start = 0; start < items.length; start += this.maxBatch) {
      const batch = items.slice(start, start + this.maxBatch);
      const out = await this.#runBatch(batch, windowOf);
      batch.forEach((item, k) => answers.push(read(out, k, item, this.#windows[k])));
    }
    return answers;
  }

  async #runBatch<I extends { frame: Frame }>(
    batch: readonly I[],
    windowOf: (item: I) => SampleWindow,
  ) {
    const w = this.width, h = this.height, per = 3 * w * h;
    batch.forEach((item, k) => {
      const win = this.#windows[k] = windowOf(item);
      const { frame } = item;
      sampleI420(frame.data, frame.width, frame.height, win, w, h, this.#input, k * per);
    });
    const n = batch.length;
    const input = new ort.Tensor("float32", this.#input.subarray(0, n * per), [n, 3, h, w]);
    const result = await this.#session.run({ [this.inputName]: input });
    return result[this.outputName].data as Float32Array;
  }
}
