/**
 * A standard Ultralytics YOLOv8/YOLO11 detection export as the ball
 * detector: input [N,3,S,S] RGB 0…1, output [N,4+classes,anchors]. Frames
 * (or their lane regions) are letterboxed, decoded, filtered to the ball
 * classes, NMS'd and mapped back to image pixels. Class names come from a
 * labels file or the model's `names` metadata.
 *
 * @example
 * ```ts
 * const yolo = await YoloBallDetector.load({ path: "models/yolo11n.onnx" });
 * const [balls] = await yolo.detect([{ frame }]);
 * ```
 */
import * as ort from "onnxruntime-node";
import { loadModel, type Provider } from "../models/onnx_model.ts";
import type { BallDetection, BallDetector, Frame, Region } from "../models/types.ts";
import { decodeYolo, nms } from "./decode.ts";
import { parseLabelsFile, parseMetadataNames } from "./labels.ts";
import { fillLetterbox, type Letterbox, letterbox, toImage } from "./letterbox.ts";

export interface YoloOptions {
  path: string;
  /** One class name per line; without it the model's `names` metadata is used. */
  labelsPath?: string;
  /** Class names that count as the ball. */
  ballClasses: readonly string[];
  threshold: number;
  iou: number;
  maxDetections: number;
  providers: readonly Provider[];
  threads: number;
}

export const YOLO_DEFAULTS: Readonly<Omit<YoloOptions, "path">> = Object.freeze({
  ballClasses: Object.freeze(["ball", "sports ball", "bowling ball"]),
  threshold: 0.25,
  iou: 0.45,
  maxDetections: 3,
  providers: Object.freeze(["cuda", "cpu"] as Provider[]),
  threads: 2,
});

export class YoloBallDetector implements BallDetector {
  readonly version: string;
  readonly provider: Provider;
  readonly labels: readonly string[];
  readonly #session: ort.InferenceSession;
  readonly #opts: YoloOptions;
  readonly #size: number;
  readonly #batch: number;
  readonly #anchors: number;
  readonly #balls: ReadonlySet<number>;
  readonly #input: Float32Array;
  readonly #inputName: string;

  private constructor(
    m: { session: ort.InferenceSession; version: string; provider: Provider },
    labels: string[],
    size: number,
    batch: number,
    anchors: number,
    opts: YoloOptions,
  ) {
    this.#session = m.session;
    this.version = m.version;
    this.provider = m.provider;
    this.labels = labels;
    this.#opts = opts;
    this.#size = size;
    this.#batch = batch;
    this.#anchors = anchors;
    this.#inputName = m.session.inputNames[0];
    const wanted = new Set(opts.ballClasses.map((c) => c.toLowerCase()));
    this.#balls = new Set(labels.flatMap((l, i) => (wanted.has(l.toLowerCase()) ? [i] : [])));
    this.#input = new Float32Array(batch * 3 * size * size);
  }

  static async load(options: Partial<YoloOptions> & { path: string }): Promise<YoloBallDetector> {
    const opts: YoloOptions = { ...YOLO_DEFAULTS, ...options };
    const probe = await loadModel(opts.path, "yolo", { inputs: [], outputs: [] }, opts);
    const input = probe.session.inputMetadata[0];
    const output = probe.session.outputMetadata[0];
    const bad = (why: string) => new Error(`Cannot load model "${opts.path}": ${why}`);
    if (!input?.isTensor || !output?.isTensor) throw bad("it has no tensor input and output");
    const [n, c, h, w] = input.shape;
    if (input.shape.length !== 4 || c !== 3 || typeof h !== "number" || h !== w) {
      throw bad(`input "${input.name}" has shape [${input.shape}], expected [N,3,S,S]`);
    }
    const [, ch, anchors] = output.shape;
    if (
      output.shape.length !== 3 || typeof ch !== "number" || typeof anchors !== "number" || ch < 5
    ) {
      throw bad(
        `output "${output.name}" has shape [${output.shape}], expected [N,4+classes,anchors]`,
      );
    }
    let labels: string[];
    if (opts.labelsPath) {
      let text: string;
      try {
        text = await Deno.readTextFile(opts.labelsPath);
      } catch {
        throw new Error(`Cannot read labels "${opts.labelsPath}" for model "${opts.path}"`);
      }
      labels = parseLabelsFile(text);
    } else if (probe.metadata.names) {
      labels = parseMetadataNames(probe.metadata.names);
    } else {
      throw bad("it has no class names: give a labels file");
    }
    if (labels.length !== ch - 4) {
      throw bad(`it has ${ch - 4} classes but ${labels.length} labels`);
    }
    const det = new YoloBallDetector(
      probe,
      labels,
      h,
      typeof n === "number" ? n : 16,
      anchors,
      opts,
    );
    if (det.#balls.size === 0) {
      throw bad(`none of its classes is a ball ("${opts.ballClasses.join('", "')}")`);
    }
    return det;
  }

  async detect(items: { frame: Frame; region?: Region }[]): Promise<BallDetection[][]> {
    const out: BallDetection[][] = [];
    for (let i = 0; i < items.length; i += this.#batch) {
      out.push(...(await this.#run(items.slice(i, i + this.#batch))));
    }
    return out;
  }

  async #run(items: { frame: Frame; region?: Region }[]): Promise<BallDetection[][]> {
    const s = this.#size, per = 3 * s * s;
    const boxes: Letterbox[] = items.map(({ frame, region }, k) => {
      const lb = letterbox(region ?? { x: 0, y: 0, width: frame.width, height: frame.height }, s);
      fillLetterbox(frame, lb, s, this.#input, k * per);
      return lb;
    });
    // A fixed-batch export runs full batches (unused slots stay as they are).
    const n = this.#session.inputMetadata[0].isTensor &&
        typeof (this.#session.inputMetadata[0] as { shape: readonly (number | string)[] })
            .shape[0] === "number"
      ? this.#batch
      : items.length;
    const feeds = {
      [this.#inputName]: new ort.Tensor("float32", this.#input.subarray(0, n * per), [n, 3, s, s]),
    };
    const result = await this.#session.run(feeds);
    const out = result[this.#session.outputNames[0]].data as Float32Array;
    const ch = 4 + this.labels.length;
    return boxes.map((lb, k) => {
      const found = decodeYolo(
        out,
        k * ch * this.#anchors,
        this.labels.length,
        this.#anchors,
        this.#opts.threshold,
        this.#balls,
      );
      return nms(found, this.#opts.iou, this.#opts.maxDetections).map((b) => {
        const c = toImage(lb, b.cx, b.cy);
        return { x: c.x, y: c.y, radius: (b.w + b.h) / 4 / lb.scale, confidence: b.score };
      });
    });
  }
}
