/**
 * Small weighted least-squares fits: polynomials (through the normal
 * equations on a centred, scaled variable, which is well conditioned for the
 * low degrees used here) and their robust, outlier-rejecting variant.
 */

export interface Polynomial {
  /** Coefficients in the scaled variable s = (x − centre) / scale, lowest first. */
  coefs: number[];
  centre: number;
  scale: number;
}

/** Value of `p` at `x`. */
export function evalPoly(p: Polynomial, x: number): number {
  const s = (x - p.centre) / p.scale;
  let y = 0;
  for (let i = p.coefs.length - 1; i >= 0; i--) y = y * s + p.coefs[i];
  return y;
}

/** First derivative of `p` at `x`. */
export function derivPoly(p: Polynomial, x: number): number {
  const s = (x - p.centre) / p.scale;
  let y = 0;
  for (let i = p.coefs.length - 1; i >= 1; i--) y = y * s + i * p.coefs[i];
  return y / p.scale;
}

/** Solves the square system a·x = b in place by Gaussian elimination with pivoting; null if singular. */
export function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-12) return null;
    [a[c], a[piv]] = [a[piv], a[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

/** Weighted polynomial fit of degree `degree` (lowered when there are too few points). */
export function fitPoly(
  xs: number[],
  ys: number[],
  ws: number[],
  degree: number,
): Polynomial | null {
  let wsum = 0, xsum = 0, n = 0;
  for (let i = 0; i < xs.length; i++) {
    if (ws[i] > 0) (wsum += ws[i]), (xsum += ws[i] * xs[i]), n++;
  }
  if (n === 0 || wsum <= 0) return null;
  const deg = Math.min(degree, n - 1);
  const centre = xsum / wsum;
  let spread = 0;
  for (let i = 0; i < xs.length; i++) {
    if (ws[i] > 0) spread = Math.max(spread, Math.abs(xs[i] - centre));
  }
  const scale = spread > 0 ? spread : 1;
  const m = deg + 1;
  const a = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const b = new Array<number>(m).fill(0);
  const pw = new Array<number>(2 * m).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const w = ws[i];
    if (!(w > 0)) continue;
    const s = (xs[i] - centre) / scale;
    pw[0] = 1;
    for (let k = 1; k < 2 * m; k++) pw[k] = pw[k - 1] * s;
    for (let r = 0; r < m; r++) {
      b[r] += w * pw[r] * ys[i];
      for (let c = 0; c < m; c++) a[r][c] += w * pw[r + c];
    }
  }
  const coefs = solve(a, b);
  return coefs ? { coefs, centre, scale } : null;
}

export interface RobustFit {
  poly: Polynomial;
  /** Which points the fit kept. */
  inliers: boolean[];
  /** Weighted RMS of the normalised residuals of the inliers. */
  rms: number;
}

/**
 * Fits, then drops points whose normalised residual (residual × √weight) is
 * beyond `cutoff` times the RMS (and beyond `floor`), and refits, a few times.
 */
export function fitPolyRobust(
  xs: number[],
  ys: number[],
  ws: number[],
  degree: number,
  { cutoff = 3, floor = 2, rounds = 4 } = {},
): RobustFit | null {
  const inliers = ws.map((w) => w > 0);
  let poly: Polynomial | null = null;
  let rms = 0;
  for (let round = 0; round <= rounds; round++) {
    const w = ws.map((v, i) => (inliers[i] ? v : 0));
    poly = fitPoly(xs, ys, w, degree);
    if (!poly) return null;
    let ss = 0, n = 0;
    const norm = xs.map((x, i) => (ys[i] - evalPoly(poly!, x)) * Math.sqrt(ws[i]));
    for (let i = 0; i < xs.length; i++) if (inliers[i]) (ss += norm[i] ** 2), n++;
    rms = Math.sqrt(ss / Math.max(1, n - degree - 1));
    const limit = Math.max(cutoff * rms, floor);
    let changed = false;
    for (let i = 0; i < xs.length; i++) {
      const keep = ws[i] > 0 && Math.abs(norm[i]) <= limit;
      if (keep !== inliers[i]) (inliers[i] = keep), (changed = true);
    }
    if (!changed) break;
  }
  return poly ? { poly, inliers, rms } : null;
}
