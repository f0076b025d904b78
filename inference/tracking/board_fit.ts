/**
 * Board as a function of distance with the shape a bowling ball's line has:
 * straight while it skids, a parabola while it hooks (constant lateral
 * acceleration), straight again once it rolls. For fixed hook and roll
 * starts the board is linear in (foul board, launch slope, hook
 * acceleration), so those come from weighted least squares and the two
 * phase boundaries from a grid search. Points far off are dropped and the
 * fit redone, so a few biased detections (a ball half hidden by the bowler)
 * do not bend the line. Pure.
 */

export interface BoardFit {
  foulBoard: number;
  slope: number;
  accel: number;
  hookStartFt: number;
  rollStartFt: number;
  /** Weighted RMS of the kept points' residuals, boards. */
  rms: number;
  inliers: boolean[];
}

/** Floor on a point's board uncertainty, so that near points do not outweigh the rest. */
export const BOARD_SIGMA_FLOOR = 0.35;

/** The hook term: how far the hook phase has bent the line by `ft`. */
function hookTerm(ft: number, hs: number, rs: number): number {
  if (ft <= hs) return 0;
  const h = Math.min(ft, rs) - hs;
  return 0.5 * h * h + (ft > rs ? h * (ft - rs) : 0);
}

export function boardOf(f: BoardFit, ft: number): number {
  return f.foulBoard + f.slope * ft + f.accel * hookTerm(ft, f.hookStartFt, f.rollStartFt);
}

function solveFor(hs: number, rs: number, fts: number[], ys: number[], ws: number[]) {
  // Normal equations of y ≈ c0 + c1·ft + c2·H(ft).
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  for (let i = 0; i < fts.length; i++) {
    const w = ws[i];
    if (!(w > 0)) continue;
    const x = [1, fts[i], hookTerm(fts[i], hs, rs)];
    for (let a = 0; a < 3; a++) {
      r[a] += w * x[a] * ys[i];
      for (let b = 0; b < 3; b++) m[a * 3 + b] += w * x[a] * x[b];
    }
  }
  const c = solve3(m, r);
  if (!c) return null;
  let sse = 0, sw = 0;
  for (let i = 0; i < fts.length; i++) {
    if (!(ws[i] > 0)) continue;
    const e = ys[i] - (c[0] + c[1] * fts[i] + c[2] * hookTerm(fts[i], hs, rs));
    sse += ws[i] * e * e;
    sw += ws[i];
  }
  return { c, sse, sw };
}

function solve3(m: number[], r: number[]): number[] | null {
  const det = (a: number[]) =>
    a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) +
    a[2] * (a[3] * a[7] - a[4] * a[6]);
  const d = det(m);
  if (!(Math.abs(d) > 1e-12)) {
    // No hook information (e.g. every point before the hook): a line.
    const d2 = m[0] * m[4] - m[1] * m[3];
    if (!(Math.abs(d2) > 1e-12)) return null;
    return [(r[0] * m[4] - m[1] * r[1]) / d2, (m[0] * r[1] - m[3] * r[0]) / d2, 0];
  }
  const out: number[] = [];
  for (let k = 0; k < 3; k++) {
    const a = [...m];
    for (let row = 0; row < 3; row++) a[row * 3 + k] = r[row];
    out.push(det(a) / d);
  }
  return out;
}

function search(fts: number[], ys: number[], ws: number[]) {
  let best: { hs: number; rs: number; c: number[]; sse: number; sw: number } | null = null;
  const consider = (hs: number, rs: number) => {
    if (rs <= hs) return;
    const s = solveFor(hs, rs, fts, ys, ws);
    if (s && (!best || s.sse < best.sse)) best = { hs, rs, ...s };
  };
  for (let hs = -10; hs <= 58; hs += 1) for (let rs = hs + 1; rs <= 64; rs += 1) consider(hs, rs);
  if (!best) return null;
  const b0 = best as { hs: number; rs: number };
  for (let hs = b0.hs - 1; hs <= b0.hs + 1; hs += 0.25) {
    for (let rs = b0.rs - 1; rs <= b0.rs + 1; rs += 0.25) consider(hs, rs);
  }
  return best as { hs: number; rs: number; c: number[]; sse: number; sw: number } | null;
}

/**
 * Fits the board over distance; `sigmas` are each point's board uncertainty.
 * Null with fewer than 8 points or when the points cover less than 20 ft.
 */
export function fitBoardPhases(
  fts: number[],
  boards: number[],
  sigmas: number[],
  { cutoff = 3, floor = 0.8, rounds = 4 } = {},
): BoardFit | null {
  if (fts.length < 8 || Math.max(...fts) - Math.min(...fts) < 20) return null;
  const base = sigmas.map((s) => 1 / (s * s + BOARD_SIGMA_FLOOR ** 2));
  const inliers = fts.map(() => true);
  let fit: BoardFit | null = null;
  for (let round = 0; round <= rounds; round++) {
    const ws = base.map((w, i) => (inliers[i] ? w : 0));
    const best = search(fts, boards, ws);
    if (!best) return fit;
    const cur: BoardFit = {
      foulBoard: best.c[0],
      slope: best.c[1],
      accel: best.c[2],
      hookStartFt: best.hs,
      rollStartFt: best.rs,
      rms: Math.sqrt(best.sse / Math.max(best.sw, 1e-9)),
      inliers: [...inliers],
    };
    fit = cur;
    const limit = Math.max(cutoff * cur.rms, floor);
    let changed = false;
    for (let i = 0; i < fts.length; i++) {
      const keep = Math.abs(boards[i] - boardOf(cur, fts[i])) <= limit;
      if (keep !== inliers[i]) (inliers[i] = keep), (changed = true);
    }
    if (inliers.filter(Boolean).length < 8) return null;
    if (!changed) break;
  }
  if (fit) fit.inliers = [...inliers];
  return fit;
}
