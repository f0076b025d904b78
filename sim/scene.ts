/**
 * Everything that moves, at one instant of a shot: the pins on our lane
 * (standing, falling, swept, lifted or being set), the ball, the sweep bar
 * and the bowler. Pure: the same plan and time give the same scene.
 */
import { PIN_DECK_END_FT } from "../core/lane_geometry.ts";
import { type BowlerPose, bowlerPoseAt } from "./bowler_pose.ts";
import { BALL_RADIUS_FT, boardAt, ftAtTime } from "./physics.ts";
import { motionPose, type PinPose, standingPose, wobblePose } from "./pin_motion.ts";
import { ALL_PINS, pinsIn } from "./pins.ts";
import { PINSETTER_UP_FT, pinsetterAt } from "./pinsetter.ts";
import type { ShotPlan } from "./shot_plan.ts";

export interface BallState {
  board: number;
  ft: number;
  /** Height of the ball's centre, feet. */
  z: number;
  /** Rotation about the lateral axis, radians. */
  roll: number;
}

export interface Scene {
  pins: PinPose[];
  /** The ball once it has left the hand (in the hand it is part of the bowler). */
  ball: BallState | null;
  /** Sweep bar front edge (feet) and lower edge height, while lowered. */
  bar: { ft: number; z: number } | null;
  bowler: BowlerPose;
}

const HAND_OFF_S = 0.06;

/** Pose of every pin of `standingBefore` at time `t`, ignoring the pinsetter. */
function pinPoses(plan: ShotPlan, t: number): PinPose[] {
  return pinsIn(plan.slot.standingBefore).map((pin) => {
    const m = plan.motions.find((x) => x.pin === pin);
    if (m) return motionPose(m, t);
    const w = plan.wobbles.find((x) => x.pin === pin);
    return w ? wobblePose(w, t) : standingPose(pin);
  });
}

function pinsAt(plan: ShotPlan, t: number): PinPose[] {
  const { sweepS } = plan.times;
  if (t < sweepS) return pinPoses(plan, t);
  const ps = pinsetterAt(t - sweepS);
  const out: PinPose[] = [];
  if (!ps.cleared) {
    const respot = plan.nextStanding !== ALL_PINS;
    const standing = plan.pinfall.standingAfter;
    for (const pose of pinPoses(plan, sweepS)) {
      if (!pose.visible) continue;
      const up = (standing >> (pose.pin - 1)) & 1;
      if (respot && up) {
        out.push({ ...pose, z: pose.z + ps.liftZ });
        continue;
      }
      const pushed = ps.barZ < 0.5 ? Math.max(pose.ft, ps.barFt + 0.3) : pose.ft;
      out.push({ ...pose, ft: pushed, visible: pushed < PIN_DECK_END_FT + 0.2 });
    }
  }
  if (ps.lowerZ !== null) {
    for (const pin of pinsIn(plan.nextStanding)) out.push({ ...standingPose(pin), z: ps.lowerZ });
  }
  return out;
}

function ballAt(plan: ShotPlan, t: number, bowler: BowlerPose): BallState | null {
  const { releaseS } = plan.times;
  const path = plan.path;
  const R = BALL_RADIUS_FT;
  if (t < releaseS - HAND_OFF_S) return null;
  if (t < releaseS) {
    const hand = bowlerPoseAt(plan, releaseS - HAND_OFF_S).ball ?? bowler.ball;
    if (!hand) return null;
    const k = (t - (releaseS - HAND_OFF_S)) / HAND_OFF_S;
    return {
      board: hand.board + (path.launch.foulBoard - hand.board) * k,
      ft: hand.ft * (1 - k),
      z: hand.z + (R - hand.z) * k,
      roll: 0,
    };
  }
  const ft = ftAtTime(path, t - releaseS);
  if (ft > PIN_DECK_END_FT + 0.6) return null;
  const inGutter = path.gutterFt !== null && ft > path.gutterFt + 0.5;
  const drop = Math.max(0, ft - PIN_DECK_END_FT) * 1.5;
  return { board: boardAt(path, ft), ft, z: R - (inGutter ? 0.15 : 0) - drop, roll: ft / R };
}

/** The scene `t` seconds after the first frame of `plan`. */
export function sceneAt(plan: ShotPlan, t: number): Scene {
  const bowler = bowlerPoseAt(plan, t);
  if (t >= plan.times.releaseS - HAND_OFF_S) bowler.ball = null;
  const ps = t >= plan.times.sweepS ? pinsetterAt(t - plan.times.sweepS) : null;
  return {
    pins: pinsAt(plan, t),
    ball: ballAt(plan, t, bowler),
    bar: ps && ps.barZ < PINSETTER_UP_FT - 0.05 ? { ft: ps.barFt, z: ps.barZ } : null,
    bowler,
  };
}
