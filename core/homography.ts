/**
 * 3×3 homographies (row-major, 9 numbers) mapping plane points to image
 * pixels and back. Pure arithmetic, no allocation beyond the result.
 */

/** Row-major 3×3 matrix: [h11, h12, h13, h21, h22, h23, h31, h32, h33]. */
export type Mat3 = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export interface Point2 {
  x: number;
  y: number;
}

/** Applies `h` to (x, y). Returns NaN coordinates for points at infinity. */
export function applyHomography(h: Mat3, x: number, y: number): Point2 {
  const w = h[6] * x + h[7] * y + h[8];
  if (w === 0) return { x: NaN, y: NaN };
  return {
    x: (h[0] * x + h[1] * y + h[2]) / w,
    y: (h[3] * x + h[4] * y + h[5]) / w,
  };
}

/** Matrix product a·b. */
export function multiplyMat3(a: Mat3, b: Mat3): Mat3 {
  const r = new Array<number>(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
    }
  }
  return r as unknown as Mat3;
}

/** Inverse of `h`, scaled so that its last element is 1 when possible. */
export function invertMat3(h: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, k, l] = h;
  const A = e * l - f * k;
  const B = -(d * l - f * g);
  const C = d * k - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-300) throw new RangeError("Cannot invert a singular homography");
  const inv: Mat3 = [
    A / det,
    -(b * l - c * k) / det,
    (b * f - c * e) / det,
    B / det,
    (a * l - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * k - b * g) / det,
    (a * e - b * d) / det,
  ];
  return normalizeMat3(inv);
}

/** Scales `h` so that h33 = 1 (homographies are defined up to scale). */
export function normalizeMat3(h: Mat3): Mat3 {
  const s = h[8];
  if (s === 0 || !Number.isFinite(s)) return h;
  return h.map((v) => v / s) as unknown as Mat3;
}
