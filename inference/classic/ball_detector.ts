/**
 * A model-free ball detector, used when no trained model is installed: a
 * per-lane background (running average of the still picture), foreground
 * blobs in the lane region, and for each blob the size of a ball at that
 * place on the lane (from the calibration). The centre is measured on the
 * ball's upper part only, so its shadow and reflection do not pull it down.
 */
import type { BallDetection, BallDetector, Frame, Region } from "../models/types.ts";

export const CLASSIC_BALL_VERSION = "ball-classic@1";

export interface ClassicBallOptions {
  /** Radius in pixels of a ball centred at (u, v), from the lane view. */
  radiusAt: (laneId: string, u: number, v: number) => number;
  /** Foreground threshold on |ΔY| + |ΔU| + |ΔV|. */
  threshold?: number;
  /** Background learning rate per frame. */
  rate?: number;
}

interface LaneBackground {
  y: Float32Array;
  u: Float32Array;
  v: Float32Array;
  width: number;
  height: number;
}

export class ClassicBallDetector implements BallDetector {
  readonly version = CLASSIC_BALL_VERSION;
  #bg = new Map<string, LaneBackground>();
  #o: Required<ClassicBallOptions>;

  constructor(options: ClassicBallOptions) {
    this.#o = { threshold: 40, rate: 0.08, ...options };
  }

  forget(laneId: string): void {
    this.#bg.delete(laneId);
  }

  detect(items: { frame: Frame; region?: Region }[]): Promise<BallDetection[][]> {
    return Promise.resolve(items.map(({ frame, region }) => this.#detectOne(frame, region)));
  }

  #detectOne(f: Frame, region?: Region): BallDetection[] {
    const { width: w, height: h, data } = f;
    const cw = w >> 1;
    const uOff = w * h, vOff = uOff + cw * (h >> 1);
    let bg = this.#bg.get(f.laneId);
    if (!bg || bg.width !== w || bg.height !== h) {
      bg = {
        y: Float32Array.from(data.subarray(0, uOff)),
        u: Float32Array.from(data.subarray(uOff, vOff)),
        v: Float32Array.from(data.subarray(vOff, vOff + cw * (h >> 1))),
        width: w,
        height: h,
      };
      this.#bg.set(f.laneId, bg);
      return [];
    }
    const r = region ?? { x: 0, y: 0, width: w, height: h };
    const x0 = Math.max(0, Math.floor(r.x)), x1 = Math.min(w, Math.ceil(r.x + r.width));
    const y0 = Math.max(0, Math.floor(r.y)), y1 = Math.min(h, Math.ceil(r.y + r.height));
    const rw = x1 - x0, rh = y1 - y0;
    if (rw <= 0 || rh <= 0) return [];
    const diff = new Float32Array(rw * rh);
    const mask = new Uint8Array(rw * rh);
    const th = this.#o.threshold;
    for (let y = y0; y < y1; y++) {
      const crow = (y >> 1) * cw;
      for (let x = x0; x < x1; x++) {
        const i = y * w + x, c = crow + (x >> 1);
        const d = Math.abs(data[i] - bg.y[i]) + 2 * Math.abs(data[uOff + c] - bg.u[c]) +
          2 * Math.abs(data[vOff + c] - bg.v[c]);
        const k = (y - y0) * rw + (x - x0);
        diff[k] = d;
        if (d > th) mask[k] = 1;
      }
    }
    const found = this.#blobs(f.laneId, diff, mask, rw, rh, x0, y0);
    // Learn the background where nothing moves (and very slowly where something does).
    const a = this.#o.rate;
    const slow = a * 0.05;
    const fgAt = (x: number, y: number) =>
      x >= x0 && x < x1 && y >= y0 && y < y1 && mask[(y - y0) * rw + (x - x0)] === 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        bg.y[i] += (data[i] - bg.y[i]) * (fgAt(x, y) ? slow : a);
      }
    }
    const ch = h >> 1;
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        const c = y * cw + x;
        const fg = fgAt(2 * x, 2 * y) || fgAt(2 * x + 1, 2 * y) || fgAt(2 * x, 2 * y + 1) ||
          fgAt(2 * x + 1, 2 * y + 1);
        const k = fg ? slow : a;
        bg.u[c] += (data[uOff + c] - bg.u[c]) * k;
        bg.v[c] += (data[vOff + c] - bg.v[c]) * k;
      }
    }
    return found;
  }

  #blobs(
    laneId: string,
    diff: Float32Array,
    mask: Uint8Array,
    rw: number,
    rh: number,
    x0: number,
    y0: number,
  ): BallDetection[] {
    const out: BallDetection[] = [];
    const label = new Int32Array(rw * rh);
    const stack: number[] = [];
    let next = 0;
    for (let s = 0; s < mask.length; s++) {
      if (!mask[s] || label[s]) continue;
      next++;
      label[s] = next;
      stack.push(s);
      let n = 0, minX = rw, maxX = 0, minY = rh, maxY = 0;
      while (stack.length) {
        const k = stack.pop()!;
        n++;
        const x = k % rw, y = (k / rw) | 0;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        if (x > 0 && mask[k - 1] && !label[k - 1]) (label[k - 1] = next), stack.push(k - 1);
        if (x < rw - 1 && mask[k + 1] && !label[k + 1]) (label[k + 1] = next), stack.push(k + 1);
        if (y > 0 && mask[k - rw] && !label[k - rw]) (label[k - rw] = next), stack.push(k - rw);
        if (y < rh - 1 && mask[k + rw] && !label[k + rw]) {
          (label[k + rw] = next), stack.push(k + rw);
        }
      }
      const bw = maxX - minX + 1, bh = maxY - minY + 1;
      const cx = x0 + (minX + maxX + 1) / 2;
      const rad = this.#o.radiusAt(laneId, cx, y0 + minY + bh / 2);
      if (!(rad > 0.8) || n < Math.max(3, 0.5 * rad * rad)) continue;
      // A ball (with its shadow and reflection) is about 2r wide and 2–4r tall.
      if (bw < 1.3 * rad || bw > 3.2 * rad + 2 || bh < 1.3 * rad || bh > 6.5 * rad + 4) continue;
      const det = this.#centre(diff, label, next, rw, minX, minY, maxX, rad);
      if (!det) continue;
      out.push({
        x: x0 + det.x,
        y: y0 + det.y,
        radius: rad,
        confidence: Math.min(0.99, n / (Math.PI * rad * rad * 1.2)),
      });
    }
    return out;
  }

  /** Centre from the top edge (sub-pixel) and the upper body's column centroid. */
  #centre(
    diff: Float32Array,
    label: Int32Array,
    id: number,
    rw: number,
    minX: number,
    minY: number,
    maxX: number,
    rad: number,
  ) {
    // Row profile over the blob's columns, around its top.
    const rows = Math.ceil(rad * 1.5) + 2;
    let top = minY;
    const prof: number[] = [];
    for (let y = Math.max(0, minY - 2); y < minY + rows; y++) {
      let s = 0;
      for (let x = minX; x <= maxX; x++) {
        const k = y * rw + x;
        if (k < diff.length && (label[k] === id || label[k] === 0)) s += diff[k];
      }
      prof.push(s);
    }
    const peak = Math.max(...prof);
    if (!(peak > 0)) return null;
    // First crossing of half the peak, interpolated.
    const base = Math.max(0, minY - 2);
    for (let i = 1; i < prof.length; i++) {
      if (prof[i] >= peak / 2) {
        const a = prof[i - 1], b = prof[i];
        top = base + i - 1 + (peak / 2 - a) / (b - a || 1) + 0.5;
        break;
      }
    }
    let sx = 0, sw = 0;
    const yEnd = Math.min(Math.floor(top + 1.4 * rad), diff.length / rw - 1);
    for (let y = Math.max(0, Math.floor(top)); y <= yEnd; y++) {
      for (let x = minX; x <= maxX; x++) {
        const k = y * rw + x;
        if (label[k] !== id) continue;
        sx += diff[k] * (x + 0.5);
        sw += diff[k];
      }
    }
    if (!sw) return null;
    // Measured on rendered balls: the half-height edge sits 0.29 r inside the rim,
    // and the lit upper-left pulls the column centroid 0.4 px right.
    return { x: sx / sw - 0.4, y: top + 0.71 * rad };
  }
}
