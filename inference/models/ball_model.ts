/**
 * The ball detector: a small CNN over the lane window (see windows.ts) that
 * scores every 4×4 cell for "ball centre here" and regresses the offset in
 * the cell, the radius and (models with a fifth channel) the share of the
 * ball that shows. Frames from many lanes run as one batch.
 *
 * @example
 * ```ts
 * const model = await BallModel.load();
 * const [found] = await model.detect([{ frame, region: ballRegion(calibration) }]);
 * ```
 */
import { defaultSimCalibration } from "../../core/lane_geometry.ts";
import { CropBatch } from "./crop_batch.ts";
import type { SampleWindow } from "./i420_sample.ts";
import { loadModel, type Provider } from "./onnx_model.ts";
import type { BallDetection, BallDetector, Frame, Region } from "./types.ts";
import { ballRegion, regionWindow } from "./windows.ts";

export interface BallModelOptions {
  /** The ONNX file (input "lane" [N,3,H,W], output "ball" [N,4 or 5,H/4,W/4]). */
  path: string;
  /** Frames per session.run; larger requests are split. */
  maxBatch: number;
  /** Lowest score reported as a detection. */
  threshold: number;
  /** Most detections per frame (local maxima of the score, best first). */
  maxDetections: number;
  providers: readonly Provider[];
  /** CPU threads per run. */
  threads: number;
}

export const BALL_MODEL_DEFAULTS: Readonly<BallModelOptions> = Object.freeze({
  path: new URL("./ball.onnx", import.meta.url).pathname,
  maxBatch: 16,
  threshold: 0.5,
  maxDetections: 3,
  providers: Object.freeze(["cuda", "cpu"] as Provider[]),
  threads: 2,
});

const STRIDE = 4;

export class BallModel implements BallDetector {
  readonly version: string;
  readonly provider: Provider;
  readonly #opts: BallModelOptions & { channels: 4 | 5 };
  readonly #crops: CropBatch;

  private constructor(
    crops: CropBatch,
    version: string,
    provider: Provider,
    opts: BallModelOptions & { channels: 4 | 5 },
  ) {
    this.#crops = crops;
    this.version = version;
    this.provider = provider;
    this.#opts = opts;
  }

  get inputWidth(): number {
    return this.#crops.width;
  }

  get inputHeight(): number {
    return this.#crops.height;
  }

  static async load(options: Partial<BallModelOptions> = {}): Promise<BallModel> {
    const opts = { ...BALL_MODEL_DEFAULTS, ...options };
    const m = await loadModel(opts.path, "ball-cnn", {
      inputs: [{ name: "lane", shape: [null, 3, null, null] }],
      outputs: [{ name: "ball", shape: [null, null, null, null] }],
    }, opts);
    const [, , h, w] = m.shapes.lane;
    const [, channels, gh, gw] = m.shapes.ball;
    if (channels !== 4 && channels !== 5) {
      throw new Error(
        `Cannot load model "${opts.path}": output "ball" has ${channels} channels, expected 4 or 5`,
      );
    }
    if (typeof h !== "number" || typeof w !== "number" || h % STRIDE || w % STRIDE) {
      throw new Error(
        `Cannot load model "${opts.path}": input "lane" needs a fixed size divisible by 4`,
      );
    }
    if (gh !== h / STRIDE || gw !== w / STRIDE) {
      throw new Error(
        `Cannot load model "${opts.path}": output "ball" is ${gh}x${gw}, expected ${h / STRIDE}x${
          w / STRIDE
        }`,
      );
    }
    const crops = new CropBatch(m.session, "lane", "ball", w, h, opts.maxBatch);
    return new BallModel(crops, m.version, m.provider, { ...opts, channels });
  }

  detect(items: { frame: Frame; region?: Region }[]): Promise<BallDetection[][]> {
    const w = this.inputWidth, h = this.inputHeight;
    return this.#crops.run(
      items,
      ({ frame, region }) =>
        regionWindow(
          region ?? ballRegion(defaultSimCalibration(frame.width, frame.height), w / h),
          w,
          h,
        ),
      (out, k, _item, win) => decodeBall(out, k, h / STRIDE, w / STRIDE, win, this.#opts),
    );
  }
}

/**
 * Local maxima of one sample's score map, mapped back to image pixels.
 * `channels`: 4 (score, x, y, ln radius) or 5 (and the visible share).
 */
export function decodeBall(
  out: Float32Array,
  k: number,
  gh: number,
  gw: number,
  win: SampleWindow,
  opts: Pick<BallModelOptions, "threshold" | "maxDetections"> & { channels?: 4 | 5 },
): BallDetection[] {
  const cells = gh * gw;
  const channels = opts.channels ?? 4;
  const base = k * channels * cells;
  const found: BallDetection[] = [];
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const s = out[base + y * gw + x];
      if (s < opts.threshold) continue;
      let peak = true;
      for (let dy = -1; dy <= 1 && peak; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx;
          if (
            (dx || dy) && yy >= 0 && xx >= 0 && yy < gh && xx < gw && out[base + yy * gw + xx] > s
          ) {
            peak = false;
            break;
          }
        }
      }
      if (!peak) continue;
      const o = base + y * gw + x;
      const ix = (x + out[o + cells]) * STRIDE;
      const iy = (y + out[o + 2 * cells]) * STRIDE;
      const r = Math.exp(out[o + 3 * cells]);
      found.push({
        x: win.x + ix * win.stepX,
        y: win.y + iy * win.stepY,
        radius: r * Math.sqrt(win.stepX * win.stepY),
        confidence: s,
        ...(channels === 5 ? { visible: out[o + 4 * cells] } : {}),
      });
    }
  }
  found.sort((a, b) => b.confidence - a.confidence);
  return found.slice(0, opts.maxDetections);
}
