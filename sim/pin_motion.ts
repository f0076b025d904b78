/**
 * How a pin moves once hit: it topples (or flies and tumbles), slides while
 * friction slows it to a stop, bounces off the kickbacks and drops into the
 * pit past the end of the deck. Pure functions of time, so any frame can be
 * drawn without simulating the ones before it.
 */
import type { Prng } from "../core/prng.ts";
import { BOARD_FT, PIN_DECK_END_FT, PIN_SPOTS } from "../core/lane_geometry.ts";
import type { KnockedPin } from "./pins.ts";

/** Side walls of the pin deck (kickbacks), as boards. */
export const KICKBACK_RIGHT_BOARD = -8.5;
export const KICKBACK_LEFT_BOARD = 48.5;
const PIN_BELLY_FT = 0.2;
const GRAVITY_HALF = 16; // ft/s², halved

export interface PinMotion {
  pin: number;
  /** Shot-local second at which the pin starts moving. */
  startS: number;
  dirX: number;
  dirY: number;
  /** Initial slide speed, ft/s. */
  speed: number;
  /** Seconds until friction stops it. */
  slideS: number;
  /** Upward launch speed, ft/s (0: it just topples). */
  vz: number;
  /** Tumble rate while airborne, rad/s. */
  tumble: number;
  /** Seconds to topple from upright to lying. */
  fallS: number;
  /** Spin about the vertical axis while sliding, rad/s. */
  yawRate: number;
}

/** A standing pin that rocks after a near miss. */
export interface PinWobble {
  pin: number;
  startS: number;
  amplitude: number;
  dirX: number;
  dirY: number;
}

export interface PinPose {
  pin: number;
  board: number;
  ft: number;
  /** Height of the pin's base above the lane, feet. */
  z: number;
  /** Unit axis from base to head, in feet: x towards higher boards, y down-lane, z up. */
  axisX: number;
  axisY: number;
  axisZ: number;
  /** False once the pin has dropped into the pit. */
  visible: boolean;
}

/** Turns a knocked pin into a motion starting `impactS` into the shot. */
export function motionFor(rng: Prng, k: KnockedPin, impactS: number): PinMotion {
  const flies = k.energy > 0.45 && rng.chance(0.55);
  return {
    pin: k.pin,
    startS: impactS + k.delayS,
    dirX: k.dirX,
    dirY: k.dirY,
    speed: 1.5 + 8 * k.energy * rng.uniform(0.6, 1.2),
    slideS: rng.uniform(0.6, 1.4),
    vz: flies ? rng.uniform(2.5, 7) : 0,
    tumble: flies ? rng.pick([-1, 1]) * rng.uniform(8, 16) : 0,
    fallS: rng.uniform(0.18, 0.4),
    yawRate: rng.normal(0, 4),
  };
}

/** Seconds after which the motion has stopped for good. */
export function motionEndS(m: PinMotion): number {
  return m.startS + Math.max(m.slideS, m.fallS, m.vz / GRAVITY_HALF + 0.1);
}

export function standingPose(pin: number): PinPose {
  const s = PIN_SPOTS[pin - 1];
  return { pin, board: s.board, ft: s.ft, z: 0, axisX: 0, axisY: 0, axisZ: 1, visible: true };
}

function fold(x: number, lo: number, hi: number): number {
  const span = hi - lo;
  let r = (x - lo) % (2 * span);
  if (r < 0) r += 2 * span;
  return lo + (r <= span ? r : 2 * span - r);
}

/** Pose of a knocked pin at shot-local time `t`. */
export function motionPose(m: PinMotion, t: number): PinPose {
  const tau = t - m.startS;
  if (tau <= 0) return standingPose(m.pin);
  const spot = PIN_SPOTS[m.pin - 1];
  const s = Math.min(tau, m.slideS);
  const dist = m.speed * (s - (s * s) / (2 * m.slideS));
  const yaw = m.yawRate * (s - (s * s) / (2 * m.slideS));
  const ft = spot.ft + m.dirY * dist;
  const board = fold(
    spot.board + (m.dirX * dist) / BOARD_FT,
    KICKBACK_RIGHT_BOARD + 2,
    KICKBACK_LEFT_BOARD - 2,
  );
  const airS = m.vz / GRAVITY_HALF;
  let tilt: number;
  let z = 0;
  if (tau < airS) {
    z = m.vz * tau - GRAVITY_HALF * tau * tau;
    tilt = m.tumble * tau;
  } else {
    const k = m.vz > 0 ? 1 : Math.min(1, (tau / m.fallS) ** 2);
    tilt = (Math.PI / 2) * k;
  }
  const lying = Math.abs(Math.sin(tilt));
  z += PIN_BELLY_FT * lying * (tau < airS ? 0 : 1);
  // Past the end of the deck the pin drops into the pit.
  if (ft > PIN_DECK_END_FT) z -= (ft - PIN_DECK_END_FT) * 4;
  const heading = Math.atan2(m.dirX, m.dirY) + yaw;
  return {
    pin: m.pin,
    board,
    ft,
    z,
    axisX: Math.sin(tilt) * Math.sin(heading),
    axisY: Math.sin(tilt) * Math.cos(heading),
    axisZ: Math.cos(tilt),
    visible: z > -1.2,
  };
}

/** Pose of a rocking pin at time `t` (upright again after about a second). */
export function wobblePose(w: PinWobble, t: number): PinPose {
  const tau = t - w.startS;
  if (tau <= 0) return standingPose(w.pin);
  const tilt = w.amplitude * Math.exp(-tau / 0.3) * Math.sin(tau * 17);
  return {
    ...standingPose(w.pin),
    axisX: Math.sin(tilt) * w.dirX,
    axisY: Math.sin(tilt) * w.dirY,
    axisZ: Math.cos(tilt),
  };
}
