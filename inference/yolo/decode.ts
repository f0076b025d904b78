/**
 * Decodes a YOLOv8/YOLO11 detection head ([4 + classes, anchors]: cx, cy,
 * w, h in input pixels, then one score per class, no objectness) and keeps
 * the best box per object with class-wise non-maximum suppression.
 */

export interface YoloBox {
  cx: number;
  cy: number;
  w: number;
  h: number;
  score: number;
  cls: number;
}

/**
 * Boxes of one image whose best class score reaches `threshold`; only
 * classes in `classes` when given. `out` holds `(4 + numClasses) × anchors`
 * values from `offset`, channel-major as the export writes them.
 */
export function decodeYolo(
  out: Float32Array,
  offset: number,
  numClasses: number,
  anchors: number,
  threshold: number,
  classes?: ReadonlySet<number>,
): YoloBox[] {
  const boxes: YoloBox[] = [];
  for (let a = 0; a < anchors; a++) {
    let best = -1, score = threshold;
    for (let c = 0; c < numClasses; c++) {
      if (classes && !classes.has(c)) continue;
      const s = out[offset + (4 + c) * anchors + a];
      if (s >= score) {
        score = s;
        best = c;
      }
    }
    if (best < 0) continue;
    boxes.push({
      cx: out[offset + a],
      cy: out[offset + anchors + a],
      w: out[offset + 2 * anchors + a],
      h: out[offset + 3 * anchors + a],
      score,
      cls: best,
    });
  }
  return boxes;
}

/** Intersection over union of two centre-size boxes. */
export function iou(a: YoloBox, b: YoloBox): number {
  const ix = Math.min(a.cx + a.w / 2, b.cx + b.w / 2) - Math.max(a.cx - a.w / 2, b.cx - b.w / 2);
  const iy = Math.min(a.cy + a.h / 2, b.cy + b.h / 2) - Math.max(a.cy - a.h / 2, b.cy - b.h / 2);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

/** Class-wise NMS: best first, dropping boxes of the same class that overlap a kept one. */
export function nms(boxes: readonly YoloBox[], iouThreshold: number, maxBoxes = 100): YoloBox[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: YoloBox[] = [];
  for (const b of sorted) {
    if (kept.length >= maxBoxes) break;
    if (kept.some((k) => k.cls === b.cls && iou(k, b) > iouThreshold)) continue;
    kept.push(b);
  }
  return kept;
}
