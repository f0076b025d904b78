/**
 * Distance down the lane over time for a ball whose speed falls steadily
 * with distance (dv/dx = −k): ft(t) = a + b·(1 − e^(−k·t)), so speed
 * v(t) = b·k·e^(−k·t). For each k on a grid, a and b are a weighted linear
 * fit; the best k is refined, and points far off are dropped and the fit
 * redone. Extrapolates sensibly to the foul line when the first feet are
 * hidden behind the bowler.
 */

/**
 * Prior on k (1/s): balls lose about 2.2–2.7 mph over the 60 ft, i.e.
 * k ≈ 0.054–0.066. Tight: the part of the lane a camera sees well hardly
 * tells k apart from the noise, and a loose k swings the extrapolation to
 * the foul line (the launch speed) by a mph or more when the first feet are
 * hidden.
 */
export const K_PRIOR = { mean: 0.06, sd: 0.004 };

export interface DistanceFit {
  a: number;
  b: number;
  k: number;
  /** Which points were kept. */
  inliers: boolean[];
  rms: number;
}

export function distanceAt(f: DistanceFit, t: number): number {
  return f.k < 1e-6 ? f.a + f.b * t : f.a + f.b * (1 - Math.exp(-f.k * t));
}

export function speedAt(f: DistanceFit, t: number): number {
  return f.k < 1e-6 ? f.b : f.b * f.k * Math.exp(-f.k * t);
}

function linearFor(k: number, ts: number[], ys: number[], ws: number[]) {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < ts.length; i++) {
    const w = ws[i];
    if (!(w > 0)) continue;
    const x = k < 1e-6 ? ts[i] : (1 - Math.exp(-k * ts[i])) / k;
    sw += w, sx += w * x, sy += w * ys[i], sxx += w * x * x, sxy += w * x * ys[i];
  }
  const det = sw * sxx - sx * sx;
  if (!(Math.abs(det) > 1e-12)) return null;
  const slope = (sw * sxy - sx * sy) / det;
  const a = (sy - slope * sx) / sw;
  // x = (1 − e^(−kt))/k so slope = b·k (the speed at t = 0).
  const fit = { a, b: k < 1e-6 ? slope : slope / k, k };
  let sse = 0;
  for (let i = 0; i < ts.length; i++) {
    if (ws[i] > 0) {
      sse += ws[i] * (ys[i] - distanceAt({ ...fit, inliers: [], rms: 0 }, ts[i])) ** 2;
    }
  }
  return { ...fit, sse: sse + ((k - K_PRIOR.mean) / K_PRIOR.sd) ** 2 };
}

function bestFor(ts: number[], ys: number[], ws: number[]) {
  let best: ReturnType<typeof linearFor> = null;
  for (let k = 0; k <= 0.6; k += 0.02) {
    const f = linearFor(k, ts, ys, ws);
    if (f && (!best || f.sse < best.sse)) best = f;
  }
  if (!best) return null;
  let step = 0.01;
  for (let i = 0; i < 12; i++, step /= 2) {
    for (const k of [best.k - step, best.k + step]) {
      if (k < 0) continue;
      const f = linearFor(k, ts, ys, ws);
      if (f && f.sse < best.sse) best = f;
    }
  }
  return best;
}

/** Fits ft(t); `ws` are inverse variances. Points beyond `cutoff` × RMS (and `floor`) are dropped. */
export function fitDistance(
  ts: number[],
  ys: number[],
  ws: number[],
  { cutoff = 3, floor = 3, rounds = 4 } = {},
): DistanceFit | null {
  const inliers = ws.map((w) => w > 0);
  let fit: DistanceFit | null = null;
  for (let round = 0; round <= rounds; round++) {
    const best = bestFor(ts, ys, ws.map((w, i) => (inliers[i] ? w : 0)));
    if (!best) return null;
    const cur: DistanceFit = { a: best.a, b: best.b, k: best.k, inliers: [...inliers], rms: 0 };
    const norm = ts.map((t, i) => (ys[i] - distanceAt(cur, t)) * Math.sqrt(ws[i]));
    let ss = 0, n = 0;
    for (let i = 0; i < ts.length; i++) if (inliers[i]) (ss += norm[i] ** 2), n++;
    cur.rms = Math.sqrt(ss / Math.max(1, n - 3));
    fit = cur;
    const limit = Math.max(cutoff * cur.rms, floor);
    let changed = false;
    for (let i = 0; i < ts.length; i++) {
      const keep = ws[i] > 0 && Math.abs(norm[i]) <= limit;
      if (keep !== inliers[i]) (inliers[i] = keep), (changed = true);
    }
    if (!changed) break;
  }
  if (fit) fit.inliers = inliers;
  return fit;
}
