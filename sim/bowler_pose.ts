/**
 * Where the bowler's joints are during a shot: walk up to the stance, hold
 * the ball at the chest, a four-step approach (push-away, down-swing,
 * back-swing, forward swing) ending in a slide at the foul line, the
 * follow-through, then turning round and walking back past the camera.
 * Joints are in lane coordinates: board, ft and z (height, feet).
 */
import { BOARD_FT } from "../core/lane_geometry.ts";
import type { ShotPlan } from "./shot_plan.ts";

export interface Joint {
  board: number;
  ft: number;
  z: number;
}

export type JointName =
  | "head"
  | "neck"
  | "shoulderL"
  | "shoulderR"
  | "elbowL"
  | "elbowR"
  | "handL"
  | "handR"
  | "hipL"
  | "hipR"
  | "kneeL"
  | "kneeR"
  | "ankleL"
  | "ankleR"
  | "toeL"
  | "toeR";

export interface BowlerPose {
  joints: Record<JointName, Joint>;
  /** +1: facing down-lane (we see the back); −1: facing the camera. */
  facing: 1 | -1;
  /** Centre of the ball while it is in the hand, else null. */
  ball: Joint | null;
  heightFt: number;
}

const STANCE_FT = -14.5;
const START_FT = -20;
const EXIT_FT = -24;

const smooth = (k: number) => {
  const c = Math.min(1, Math.max(0, k));
  return c * c * (3 - 2 * c);
};
const lerp = (a: number, b: number, k: number) => a + (b - a) * k;

/** Ball-arm angle from hanging straight down (degrees, + forward) and reach (0…1). */
function ballArm(t: number, p: ShotPlan): { angle: number; reach: number } {
  const { approachS, releaseS, walkBackS } = p.times;
  if (t < approachS) return { angle: 75, reach: 0.5 };
  const s = (t - approachS) / (releaseS - approachS);
  if (s < 0.25) {
    return { angle: lerp(75, 35, smooth(s / 0.25)), reach: lerp(0.5, 1, smooth(s / 0.25)) };
  }
  if (s < 0.5) return { angle: lerp(35, -15, smooth((s - 0.25) / 0.25)), reach: 1 };
  if (s < 0.75) return { angle: lerp(-15, -80, smooth((s - 0.5) / 0.25)), reach: 1 };
  if (s < 1) return { angle: lerp(-80, 8, smooth((s - 0.75) / 0.25) ** 1.4), reach: 1 };
  const after = t - releaseS;
  if (t < walkBackS) {
    return {
      angle: lerp(8, 150, smooth(after / 0.4)) - 120 * smooth((after - 1.2) / 0.6),
      reach: 1,
    };
  }
  return { angle: 10, reach: 1 };
}

/** Feet positions (ft), lifts (feet) for a walk of `s` feet with `stride`. */
function walkFeet(s: number, stride: number, from: number, dir: number) {
  const n = Math.floor(s / stride);
  const k = s / stride - n;
  const planted = from + dir * n * stride;
  const moving = from + dir * lerp((n - 1) * stride, (n + 1) * stride, smooth(k));
  const lift = 0.25 * Math.sin(Math.PI * k);
  const leftMoves = n % 2 === 0;
  return {
    left: leftMoves ? moving : planted,
    right: leftMoves ? planted : moving,
    liftL: leftMoves ? lift : 0,
    liftR: leftMoves ? 0 : lift,
  };
}

export function bowlerPoseAt(p: ShotPlan, t: number): BowlerPose {
  const H = p.bowler.heightFt;
  const { stanceS, approachS, releaseS, walkBackS } = p.times;
  const slideEnd = p.foul ? 0.15 : -0.9;
  let footL: number, footR: number, liftL = 0, liftR = 0;
  let bend = 0; // knee bend / lowering, 0…1
  let lean = 0.08; // forward lean, radians
  let facing: 1 | -1 = 1;
  let leftArmOut = 0;
  let sweepLeg = 0; // trailing right leg swept behind to the left, 0…1
  if (t < stanceS) {
    const w = walkFeet(lerp(0, STANCE_FT - START_FT, t / stanceS), 1.2, START_FT, 1);
    footL = Math.min(w.left, STANCE_FT), footR = Math.min(w.right, STANCE_FT);
    liftL = w.liftL, liftR = w.liftR;
  } else if (t < approachS) {
    footL = STANCE_FT + 0.25, footR = STANCE_FT;
  } else if (t < releaseS) {
    const s = (t - approachS) / (releaseS - approachS);
    const d = slideEnd - STANCE_FT;
    const plants = [
      STANCE_FT,
      STANCE_FT + 0.16 * d,
      STANCE_FT + 0.42 * d,
      STANCE_FT + 0.68 * d,
      slideEnd,
    ];
    const step = Math.min(3, Math.floor(s * 4));
    const k = s * 4 - step;
    const rightStep = step % 2 === 0;
    const from = step === 0 ? STANCE_FT + (rightStep ? 0 : 0.25) : plants[step - 1];
    const moving = lerp(from, plants[step + 1], step === 3 ? 1 - (1 - k) ** 2 : smooth(k));
    const lift = step === 3
      ? 0.2 * Math.sin(Math.PI * Math.min(1, k * 2)) * (k < 0.5 ? 1 : 0)
      : 0.25 * Math.sin(Math.PI * k);
    const planted = plants[step];
    footR = rightStep ? moving : planted;
    footL = rightStep ? planted : moving;
    liftR = rightStep ? lift : 0;
    liftL = rightStep ? 0 : lift;
    if (step === 0) footL = STANCE_FT + 0.25;
    bend = step === 3 ? smooth(k) * 0.3 : 0.05 * step;
    lean = 0.12 + 0.33 * smooth(s);
    leftArmOut = smooth((s - 0.6) / 0.4);
    sweepLeg = step === 3 ? smooth(k) : 0;
  } else if (t < walkBackS) {
    footL = slideEnd;
    footR = slideEnd - 2.4;
    const rise = smooth((t - releaseS - 0.9) / 0.7);
    bend = 0.3 * (1 - rise);
    lean = 0.45 - 0.35 * rise;
    leftArmOut = 1 - rise;
    sweepLeg = 1 - rise;
  } else {
    facing = -1;
    const s = (t - walkBackS) * 4.2;
    const w = walkFeet(s, 1.25, slideEnd, -1);
    footL = Math.max(w.left, EXIT_FT), footR = Math.max(w.right, EXIT_FT);
    liftL = w.liftL, liftR = w.liftR;
  }
  const xc = p.path.launch.foulBoard + (0.1 * H) / BOARD_FT;
  const side = (ft: number) => (ft * facing) / BOARD_FT; // lateral feet → boards (left = +)
  const hipZ = 0.52 * H * (1 - 0.35 * bend);
  const hipFt = (footL + footR) / 2 + facing * 0.1;
  const shoulderFt = hipFt + facing * Math.sin(lean) * 0.31 * H;
  const shoulderZ = hipZ + Math.cos(lean) * 0.31 * H;
  const j = {} as Record<JointName, Joint>;
  const at = (board: number, ft: number, z: number): Joint => ({ board, ft, z });
  j.hipL = at(xc + side(0.09 * H), hipFt, hipZ);
  j.hipR = at(xc - side(0.09 * H), hipFt, hipZ);
  j.ankleL = at(xc + side(0.06 * H), footL, 0.05 * H + liftL);
  j.ankleR = at(xc - side((0.06 - 0.2 * sweepLeg) * H), footR, 0.05 * H + liftR);
  j.toeL = at(j.ankleL.board, footL + facing * 0.045 * H, 0.02 * H + liftL * 0.6);
  j.toeR = at(j.ankleR.board, footR + facing * 0.045 * H, 0.02 * H + liftR * 0.6);
  j.kneeL = knee(j.hipL, j.ankleL, 0.25 * H, facing);
  j.kneeR = knee(j.hipR, j.ankleR, 0.25 * H, facing);
  j.shoulderL = at(xc + side(0.125 * H), shoulderFt, shoulderZ);
  j.shoulderR = at(xc - side(0.125 * H), shoulderFt, shoulderZ);
  j.neck = at(xc, shoulderFt + facing * 0.02 * H, shoulderZ + 0.04 * H);
  j.head = at(xc, shoulderFt + facing * Math.sin(lean) * 0.1 * H, shoulderZ + 0.11 * H);
  const arm = 0.37 * H;
  const { angle, reach } = t < walkBackS
    ? ballArm(t, p)
    : { angle: 12 * Math.sin((t - walkBackS) * 7), reach: 1 };
  const a = (angle * Math.PI) / 180;
  j.handR = at(
    xc - side(0.1 * H),
    j.shoulderR.ft + facing * Math.sin(a) * arm * reach,
    j.shoulderR.z - Math.cos(a) * arm * reach,
  );
  j.elbowR = mid(j.shoulderR, j.handR, reach < 1 ? -0.12 * H : 0);
  const out = leftArmOut;
  j.handL = at(
    j.shoulderL.board + side(arm * 0.75 * out) + side(0.02 * H),
    j.shoulderL.ft + facing * arm * (0.1 + 0.2 * out),
    j.shoulderL.z - arm * (1 - 0.55 * out),
  );
  j.elbowL = mid(j.shoulderL, j.handL, 0);
  let ball: Joint | null = null;
  if (t < releaseS && t < p.times.releaseS) {
    ball = at(j.handR.board, j.handR.ft + facing * 0.05, j.handR.z - 0.25);
  }
  return { joints: j, facing, ball, heightFt: H };
}

function knee(hip: Joint, ankle: Joint, len: number, facing: number): Joint {
  const dy = ankle.ft - hip.ft;
  const dz = ankle.z - hip.z;
  const d = Math.hypot(dy, dz);
  const mid = { board: (hip.board + ankle.board) / 2, ft: hip.ft + dy / 2, z: hip.z + dz / 2 };
  if (d >= 2 * len) return mid;
  const h = Math.sqrt(len * len - (d / 2) ** 2);
  // Perpendicular in the (ft, z) plane, pointing the way the bowler faces.
  let py = -dz / d;
  let pz = dy / d;
  if (py * facing < 0) py = -py, pz = -pz;
  return { board: mid.board, ft: mid.ft + py * h, z: mid.z + pz * h };
}

function mid(a: Joint, b: Joint, bendZ: number): Joint {
  return { board: (a.board + b.board) / 2, ft: (a.ft + b.ft) / 2, z: (a.z + b.z) / 2 + bendZ };
}
