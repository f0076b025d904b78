/**
 * Pinfall: which pins a ball knocks down, and in which direction each pin
 * leaves. A full rack hit on the head pin draws its leave from what real
 * bowlers see for that hit (pocket: mostly strikes, light: 10 / 5 / 2-8 …,
 * high: 4 / 4-9 …, nose: 7-10, 4-6 …); every other case (spares, misses of
 * the head pin) follows a geometric model of ball → pin → pin contacts.
 * Standing state is a 10-bit mask: bit i set = pin i + 1 standing.
 */
import type { Prng } from "../core/prng.ts";
import { BOARD_FT, PIN_MAX_DIAMETER_IN, PIN_SPOTS } from "../core/lane_geometry.ts";
import {
  BALL_RADIUS_FT,
  type BallDeflection,
  type BallPath,
  boardAt,
  chordAngleDeg,
  timeAt,
} from "./physics.ts";
import { leaveFor, strikeChance, zoneFor } from "./leaves.ts";

export const ALL_PINS = 0x3ff;

/** Mask with the given pins (1…10) set. */
export function maskOf(...pins: number[]): number {
  return pins.reduce((m, p) => m | (1 << (p - 1)), 0);
}

/** Pin numbers set in `mask`, ascending. */
export function pinsIn(mask: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= 10; p++) if (mask & (1 << (p - 1))) out.push(p);
  return out;
}

export function pinCount(mask: number): number {
  return pinsIn(mask).length;
}

export type HitZone =
  | "gutter"
  | "miss"
  | "thin"
  | "light"
  | "pocket"
  | "high"
  | "nose"
  | "brooklyn"
  | "thin-left"
  | "spare";

export interface KnockedPin {
  pin: number;
  /** Seconds after the ball's first contact. */
  delayS: number;
  /** Unit direction of travel (feet): x towards higher boards, y down-lane. */
  dirX: number;
  dirY: number;
  /** Share of a full hit's energy, 0…1. */
  energy: number;
}

export interface PinfallResult {
  zone: HitZone;
  standingAfter: number;
  knocked: KnockedPin[];
  /** Where the ball first touched a pin, or null when it touched none. */
  contactFt: number | null;
  deflection: BallDeflection | null;
}

const POCKET_BOARD = 17.5;
const PIN_CONTACT_FT = PIN_MAX_DIAMETER_IN / 12;
const BALL_CONTACT_FT = BALL_RADIUS_FT + PIN_CONTACT_FT / 2;

/** Decides the pinfall of `path` on the pins in `standingBefore`. */
export function resolvePinfall(rng: Prng, path: BallPath, standingBefore: number): PinfallResult {
  if (path.gutterFt !== null && path.gutterFt < 60) {
    return {
      zone: "gutter",
      standingAfter: standingBefore,
      knocked: [],
      contactFt: null,
      deflection: null,
    };
  }
  const geo = geometricPinfall(rng, path, standingBefore);
  if (geo.contactFt === null) return { ...geo, zone: "miss" };
  const headHit = geo.knocked.some((k) => k.pin === 1);
  if (standingBefore !== ALL_PINS || !headHit) {
    return { ...geo, zone: standingBefore === ALL_PINS ? "miss" : "spare" };
  }
  const zone = zoneFor(boardAt(path, 59.5) - POCKET_BOARD);
  const strike = rng.chance(strikeChance(zone, chordAngleDeg(path, 51, 55)));
  const standingAfter = strike ? 0 : leaveFor(rng, zone);
  return {
    ...geo,
    zone,
    standingAfter,
    knocked: reconcile(rng, geo.knocked, standingBefore & ~standingAfter, path),
  };
}

/** Keeps the geometric motions of pins that fall, invents motions for the rest. */
function reconcile(rng: Prng, knocked: KnockedPin[], falls: number, path: BallPath): KnockedPin[] {
  const out = knocked.filter((k) => falls & (1 << (k.pin - 1)));
  for (const pin of pinsIn(falls)) {
    if (out.some((k) => k.pin === pin)) continue;
    const spot = PIN_SPOTS[pin - 1];
    const side = Math.sign(spot.board - boardAt(path, spot.ft)) || rng.pick([-1, 1]);
    const a = side * rng.uniform(0.3, 1.2);
    out.push({
      pin,
      delayS: 0.06 + (spot.ft - 60) * 0.07 + rng.uniform(0, 0.12),
      dirX: Math.sin(a),
      dirY: Math.cos(a),
      energy: rng.uniform(0.3, 0.8),
    });
  }
  return out.sort((a, b) => a.delayS - b.delayS);
}

interface Mover {
  pin: number;
  x: number;
  y: number;
  angle: number;
  energy: number;
  t: number;
}

/** Ball → pin and pin → pin contacts in the lane plane (feet). */
export function geometricPinfall(rng: Prng, path: BallPath, standingBefore: number): PinfallResult {
  let standing = standingBefore;
  const knocked: KnockedPin[] = [];
  const queue: Mover[] = [];
  let contactFt: number | null = null;
  let t0 = 0;
  let slopeChange = 0;
  const order = pinsIn(standingBefore).sort((a, b) => PIN_SPOTS[a - 1].ft - PIN_SPOTS[b - 1].ft);
  for (const pin of order) {
    const spot = PIN_SPOTS[pin - 1];
    const ballBoard: number = boardAt(path, spot.ft) +
      slopeChange * Math.max(0, spot.ft - (contactFt ?? spot.ft));
    const dx = (spot.board - ballBoard) * BOARD_FT;
    if (Math.abs(dx) >= BALL_CONTACT_FT) continue;
    const atFt = spot.ft - Math.sqrt(BALL_CONTACT_FT ** 2 - dx * dx);
    if (contactFt === null) {
      contactFt = atFt;
      t0 = timeAt(path, atFt);
    }
    const phi = Math.asin(dx / BALL_CONTACT_FT);
    const heading = Math.atan((boardAt(path, atFt + 0.5) - boardAt(path, atFt)) * BOARD_FT / 0.5);
    const energy = Math.cos(phi) ** 2;
    const delayS = Math.max(0, (timeAt(path, atFt) - t0) * 1.25);
    const angle = heading + phi + rng.normal(0, 0.08);
    knocked.push({ pin, delayS, dirX: Math.sin(angle), dirY: Math.cos(angle), energy });
    standing &= ~(1 << (pin - 1));
    queue.push({ pin, x: spot.board * BOARD_FT, y: spot.ft, angle, energy, t: delayS });
    // The ball deflects away from the pin it hits.
    const newHeading = heading - 0.12 * Math.sin(2 * phi);
    slopeChange += (Math.tan(newHeading) - Math.tan(heading)) / BOARD_FT;
  }
  while (queue.length > 0) {
    const m = queue.shift()!;
    const dirX = Math.sin(m.angle);
    const dirY = Math.cos(m.angle);
    const reach = 0.6 + 3 * m.energy;
    let best: { pin: number; along: number; perp: number } | null = null;
    for (const pin of pinsIn(standing)) {
      const s = PIN_SPOTS[pin - 1];
      const rx = s.board * BOARD_FT - m.x;
      const ry = s.ft - m.y;
      const along = rx * dirX + ry * dirY;
      const perp = rx * dirY - ry * dirX;
      if (along <= 0 || along > reach || Math.abs(perp) >= PIN_CONTACT_FT * 1.05) continue;
      if (!best || along < best.along) best = { pin, along, perp };
    }
    if (!best || !rng.chance(0.92)) continue;
    const psi = Math.asin(Math.max(-1, Math.min(1, best.perp / PIN_CONTACT_FT)));
    const energy = m.energy * Math.cos(psi) ** 2 * 0.85;
    const angle = m.angle + psi + rng.normal(0, 0.1);
    const t = m.t + best.along / (6 + 14 * Math.sqrt(m.energy));
    const s = PIN_SPOTS[best.pin - 1];
    knocked.push({
      pin: best.pin,
      delayS: t,
      dirX: Math.sin(angle),
      dirY: Math.cos(angle),
      energy,
    });
    standing &= ~(1 << (best.pin - 1));
    queue.push({ pin: best.pin, x: s.board * BOARD_FT, y: s.ft, angle, energy, t });
    const rest = m.energy * Math.sin(psi) ** 2 * 0.85;
    if (rest > 0.08) {
      const side = psi >= 0 ? -1 : 1;
      const back = best.along - Math.sqrt(Math.max(0, PIN_CONTACT_FT ** 2 - best.perp ** 2));
      queue.push({
        ...m,
        x: m.x + dirX * back,
        y: m.y + dirY * back,
        angle: m.angle + side * (Math.PI / 2 - Math.abs(psi)) * 0.6,
        energy: rest,
        t,
      });
    }
  }
  const deflection: BallDeflection | null = contactFt === null
    ? null
    : { atFt: contactFt, slopeChange, speedFactor: Math.max(0.6, 1 - 0.05 * knocked.length) };
  return { zone: "spare", standingAfter: standing, knocked, contactFt, deflection };
}
