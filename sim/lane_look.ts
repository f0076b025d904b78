/**
 * What the lane surface looks like at a point: wood boards with seams,
 * grain and staggered joints, arrows, dots, range finders, the foul line,
 * gutters and cappings, the bright pin deck, and the dark pit. Lanes repeat
 * across the hall every `LANE_PITCH_BOARDS`; lane 0 is the simulated one.
 */
import { hash32 } from "../core/prng.ts";
import {
  ARROW_SPOTS,
  BOARD_IN,
  CENTER_BOARD,
  GUTTER_IN,
  LANE_DOT_BOARDS,
  LANE_DOTS_FT,
  PIN_DECK_END_FT,
} from "../core/lane_geometry.ts";

/** Lane centre to lane centre: lane, two gutters and a capping. */
export const LANE_PITCH_BOARDS = 62;
export const GUTTER_BOARDS = GUTTER_IN / BOARD_IN;
export const PIN_DECK_START_FT = 59;
const HALF_LANE = 19.5;

const rnd = (...k: number[]) => hash32(...k) / 4294967296;

/** Lane index (0 = ours) and lane-local board for a hall-wide board. */
export function laneOf(board: number): { lane: number; local: number } {
  const lane = Math.round((board - CENTER_BOARD) / LANE_PITCH_BOARDS);
  return { lane, local: board - lane * LANE_PITCH_BOARDS };
}

export type SurfaceColor = (board: number, ft: number, out: Float32Array) => void;

const LANES = 12;

/**
 * Returns a function that writes the colour (sRGB 0…255) of the lane
 * surface at (board, ft) into `out`. `seed` varies the wood from one
 * simulated hall to the next.
 */
export function createSurface(seed: number): SurfaceColor {
  // Per-board random tone and joint position, for lanes −LANES…LANES.
  const tones = new Float32Array((2 * LANES + 1) * 41 * 2);
  for (let lane = -LANES; lane <= LANES; lane++) {
    for (let n = 0; n <= 40; n++) {
      const o = ((lane + LANES) * 41 + n) * 2;
      tones[o] = rnd(seed, lane, n);
      tones[o + 1] = rnd(seed, lane, n, 7);
    }
  }
  return (board, ft, out) => surfaceColor(tones, board, ft, out);
}

function surfaceColor(tones: Float32Array, board: number, ft: number, out: Float32Array): void {
  const lane = Math.round((board - CENTER_BOARD) / LANE_PITCH_BOARDS);
  const local = board - lane * LANE_PITCH_BOARDS;
  const off = Math.abs(local - CENTER_BOARD);
  if (ft > PIN_DECK_END_FT) {
    const k = Math.max(0, 1 - (ft - PIN_DECK_END_FT) / 3);
    return set(out, 10 + 14 * k, 10 + 14 * k, 12 + 16 * k);
  }
  if (ft >= 0 && off > HALF_LANE) {
    if (off <= HALF_LANE + GUTTER_BOARDS) {
      // Concave gutter: darkest in the middle, light catching the lips.
      const g = (off - HALF_LANE) / GUTTER_BOARDS;
      const c = 0.45 + 0.55 * (2 * g - 1) ** 4;
      const deck = ft > PIN_DECK_START_FT - 2 ? 0.8 : 1;
      return set(out, 62 * c * deck, 64 * c * deck, 70 * c * deck);
    }
    if (ft > PIN_DECK_START_FT - 1.5) return set(out, 38, 36, 40); // kickbacks
    return set(out, 118, 120, 128); // capping
  }
  const n = Math.round(local); // board number 1…39 within the lane
  const p = local - (n - 0.5); // 0…1 across the board
  const o =
    ((Math.max(-LANES, Math.min(LANES, lane)) + LANES) * 41 + Math.max(0, Math.min(40, n))) * 2;
  const h1 = tones[o];
  const h2 = tones[o + 1];
  // Maple heads and approach, pine from a staggered joint at about 16 ft.
  const joint = 15.2 + 2.2 * h2;
  const deck = ft >= PIN_DECK_START_FT;
  let r: number, g: number, b: number;
  if (ft < 0 || ft < joint || deck) {
    r = 222;
    g = 182;
    b = 128;
  } else {
    r = 210;
    g = 160;
    b = 102;
  }
  const tone = 0.9 + 0.16 * h1;
  const grain = 1 + 0.035 * Math.sin(ft * (6 + 5 * h2) + 40 * h1) +
    0.02 * Math.sin(ft * 23 + p * 3 + 9 * h2);
  let k = tone * grain;
  if (p < 0.07 || p > 0.93) k *= 0.8; // seams
  if (Math.abs(ft - joint) < 0.03 && ft > 0) k *= 0.75;
  // Lighting: brighter down-lane, a glossy streak before the deck, a lit deck.
  const far = Math.min(1, Math.max(0, ft / 60));
  k *= 0.86 + 0.12 * far + 0.12 * Math.exp(-(((ft - 54) / 5) ** 2));
  if (deck) k *= 1.18;
  if (ft < 0) k *= 1.05;
  r *= k;
  g *= k;
  b *= k;
  if (isMarking(local, ft)) return set(out, 52, 34, 26);
  if (Math.abs(ft) < 0.045 && off <= HALF_LANE) return set(out, 25, 25, 28);
  return set(out, r, g, b);
}

function isMarking(local: number, ft: number): boolean {
  if (ft > 12 && ft < 16.2) {
    for (const a of ARROW_SPOTS) {
      const len = 1.0;
      const d = a.ft - ft;
      if (d < 0 || d > len) continue;
      if (Math.abs(local - a.board) < (0.75 * d) / len) return true;
    }
  }
  if (Math.abs(ft - LANE_DOTS_FT) < 0.1) {
    for (const b of LANE_DOT_BOARDS) {
      const dx = (local - b) * BOARD_IN;
      const dy = (ft - LANE_DOTS_FT) * 12;
      if (dx * dx + dy * dy < 0.7 * 0.7) return true;
    }
  }
  if (ft > 34 && ft < 40 && (Math.abs(local - 10) < 0.22 || Math.abs(local - 30) < 0.22)) {
    return true;
  }
  return false;
}

function set(out: Float32Array, r: number, g: number, b: number): void {
  out[0] = r;
  out[1] = g;
  out[2] = b;
}
