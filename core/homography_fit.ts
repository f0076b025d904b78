/**
 * Fits a homography to point correspondences by least squares: the
 * normalised direct linear transform (Hartley & Zisserman, alg. 4.2). Both
 * point sets are moved to their centroid and scaled to a mean distance of √2,
 * the 2N×9 system is solved through the eigenvector of AᵀA with the smallest
 * eigenvalue, then refined by Levenberg–Marquardt to minimise the squared
 * distances between the mapped `from` points and their `to` points (the
 * reprojection error), and mapped back. Pure arithmetic, no I/O.
 *
 * @example
 * ```ts
 * const fit = fitHomography([
 *   { from: { x: 0, y: 0 }, to: { x: 10, y: 10 } },
 *   { from: { x: 1, y: 0 }, to: { x: 20, y: 10 } },
 *   { from: { x: 0, y: 1 }, to: { x: 10, y: 20 } },
 *   { from: { x: 1, y: 1 }, to: { x: 20, y: 20 } },
 * ]);
 * // fit?.h maps (x, y) to (10 + 10x, 10 + 10y)
 * ```
 * @module
 */
import { type Mat3, multiplyMat3, normalizeMat3, type Point2 } from "./homography.ts";

export interface Correspondence {
  from: Point2;
  to: Point2;
}

export interface HomographyFit {
  /** Maps `from` points onto `to` points, scaled so that h33 = 1 where possible. */
  h: Mat3;
  /**
   * Smallest over second-smallest eigenvalue of the normalised system: near 0
   * for a well-determined fit, near 1 when the points leave it undetermined.
   */
  ambiguity: number;
}

/** Below this, the second-smallest eigenvalue counts as zero (the solution is not unique). */
const RANK_TOLERANCE = 1e-9;

/**
 * The least-squares homography taking each `from` to its `to`, or `null` when
 * the points do not determine one (fewer than 4, or too many on one line).
 */
export function fitHomography(pairs: readonly Correspondence[]): HomographyFit | null {
  if (pairs.length < 4) return null;
  const src = similarityNormaliser(pairs.map((p) => p.from));
  const dst = similarityNormaliser(pairs.map((p) => p.to));
  if (!src || !dst) return null;

  // Accumulate AᵀA (9×9, symmetric) without building A.
  const ata = new Float64Array(81);
  const row = new Float64Array(9);
  const addRow = () => {
    for (let i = 0; i < 9; i++) {
      if (row[i] === 0) continue;
      for (let j = i; j < 9; j++) ata[i * 9 + j] += row[i] * row[j];
    }
  };
  for (const { from, to } of pairs) {
    const [x, y] = apply(src.t, from);
    const [u, v] = apply(dst.t, to);
    row.set([x, y, 1, 0, 0, 0, -u * x, -u * y, -u]);
    addRow();
    row.set([0, 0, 0, x, y, 1, -v * x, -v * y, -v]);
    addRow();
  }
  for (let i = 0; i < 9; i++) for (let j = 0; j < i; j++) ata[i * 9 + j] = ata[j * 9 + i];

  const { values, vectors } = symmetricEigen(ata, 9);
  const order = [...values.keys()].sort((a, b) => values[a] - values[b]);
  const [smallest, second] = order;
  const largest = values[order[8]];
  if (!(largest > 0) || values[second] <= RANK_TOLERANCE * largest) return null;
  const dlt = Array.from({ length: 9 }, (_, i) => vectors[i * 9 + smallest]);
  const hn = refine(dlt, pairs.map((p) => [...apply(src.t, p.from), ...apply(dst.t, p.to)]));
  // H = T_dst⁻¹ · Hn · T_src
  const h = normalizeMat3(multiplyMat3(multiplyMat3(dst.inverse, hn), src.t));
  if (!h.every(Number.isFinite)) return null;
  return { h, ambiguity: Math.max(values[smallest], 0) / values[second] };
}

/**
 * Levenberg–Marquardt on the eight free entries (h33 = 1) of a homography
 * between normalised points `[x, y, u, v]`, minimising Σ |H(x, y) − (u, v)|².
 */
function refine(start: readonly number[], points: readonly number[][]): Mat3 {
  if (Math.abs(start[8]) < 1e-12) return start as unknown as Mat3;
  let h = start.map((v) => v / start[8]);
  let cost = reprojectionCost(h, points);
  let lambda = 1e-3;
  const jtj = new Float64Array(64), jtr = new Float64Array(8);
  const ju = new Float64Array(8), jv = new Float64Array(8);
  for (let iteration = 0; iteration < 30 && cost > 0; iteration++) {
    jtj.fill(0);
    jtr.fill(0);
    for (const [x, y, u, v] of points) {
      const w = h[6] * x + h[7] * y + 1;
      const pu = (h[0] * x + h[1] * y + h[2]) / w;
      const pv = (h[3] * x + h[4] * y + h[5]) / w;
      ju.set([x / w, y / w, 1 / w, 0, 0, 0, (-pu * x) / w, (-pu * y) / w]);
      jv.set([0, 0, 0, x / w, y / w, 1 / w, (-pv * x) / w, (-pv * y) / w]);
      for (let i = 0; i < 8; i++) {
        jtr[i] += ju[i] * (pu - u) + jv[i] * (pv - v);
        for (let j = 0; j < 8; j++) jtj[i * 8 + j] += ju[i] * ju[j] + jv[i] * jv[j];
      }
    }
    let improved = false;
    while (!improved && lambda < 1e12) {
      const a = Float64Array.from(jtj);
      for (let i = 0; i < 8; i++) a[i * 9] += lambda * (jtj[i * 9] || 1);
      const step = solveLinear(a, jtr.map((r) => -r), 8);
      const next = step && [...h.slice(0, 8).map((v, i) => v + step[i]), 1];
      const nextCost = next ? reprojectionCost(next, points) : Infinity;
      if (next && nextCost < cost) {
        const gain = (cost - nextCost) / cost;
        [h, cost, improved] = [next, nextCost, true];
        lambda = Math.max(lambda / 10, 1e-12);
        if (gain < 1e-12) return h as unknown as Mat3;
      } else {
        lambda *= 10;
      }
    }
    if (!improved) break;
  }
  return h as unknown as Mat3;
}

function reprojectionCost(h: readonly number[], points: readonly number[][]): number {
  let sum = 0;
  for (const [x, y, u, v] of points) {
    const w = h[6] * x + h[7] * y + h[8];
    sum += ((h[0] * x + h[1] * y + h[2]) / w - u) ** 2 +
      ((h[3] * x + h[4] * y + h[5]) / w - v) ** 2;
  }
  return Number.isFinite(sum) ? sum : Infinity;
}

/** Solves a·x = b (n×n, row-major) by Gaussian elimination with partial pivoting; `null` if singular. */
function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    }
    if (Math.abs(a[pivot * n + col]) < 1e-300) return null;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
      }
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / a[col * n + col];
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * x[k];
    x[r] = s / a[r * n + r];
  }
  return x;
}

interface Normaliser {
  t: Mat3;
  inverse: Mat3;
}

/** Translation and uniform scale taking the points' centroid to 0 and their mean distance to √2. */
function similarityNormaliser(points: readonly Point2[]): Normaliser | null {
  let cx = 0, cy = 0;
  for (const p of points) {
    cx += p.x;
    cy += p.y;
  }
  cx /= points.length;
  cy /= points.length;
  let mean = 0;
  for (const p of points) mean += Math.hypot(p.x - cx, p.y - cy);
  mean /= points.length;
  if (!(mean > 0) || !Number.isFinite(mean)) return null;
  const s = Math.SQRT2 / mean;
  return {
    t: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1],
    inverse: [1 / s, 0, cx, 0, 1 / s, cy, 0, 0, 1],
  };
}

function apply(t: Mat3, p: Point2): [number, number] {
  return [t[0] * p.x + t[2], t[4] * p.y + t[5]];
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major n×n) of a
 * symmetric matrix, by cyclic Jacobi rotations.
 */
export function symmetricEigen(
  matrix: ArrayLike<number>,
  n: number,
): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (const x of a) total += x * x;
  for (let sweep = 0; sweep < 64; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}
