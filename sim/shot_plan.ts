/**
 * One shot from the bowler stepping up to the next rack standing: the ball
 * thrown, its path, the pinfall and the timeline in seconds from the shot's
 * first video frame. Everything follows from (seed, shot number, ball slot,
 * first frame), so a plan can be rebuilt at any time.
 */
import { createPrng, type Prng } from "../core/prng.ts";
import { type Bowler, createBowler, throwBall } from "./bowler.ts";
import { type BallSlot, nextSlot } from "./frame_logic.ts";
import { frameAtOrAfter, shotMetrics, type ShotTruth } from "./ground_truth.ts";
import { type BallPath, buildBallPath, pathDuration, timeAt } from "./physics.ts";
import { motionEndS, motionFor, type PinMotion, type PinWobble } from "./pin_motion.ts";
import { type PinfallResult, pinsIn, resolvePinfall } from "./pins.ts";
import { PINSETTER_CYCLE_S } from "./pinsetter.ts";
import { BOARD_FT, PIN_SPOTS } from "../core/lane_geometry.ts";

export interface ShotTimes {
  /** Bowler walks onto the approach and takes the stance. */
  stanceS: number;
  approachS: number;
  releaseS: number;
  arrowsS: number;
  impactS: number;
  /** The ball drops into the pit. */
  ballGoneS: number;
  settledS: number;
  /** Bowler turns round and walks back. */
  walkBackS: number;
  sweepS: number;
  resetDoneS: number;
  endS: number;
}

export interface ShotPlan {
  index: number;
  slot: BallSlot;
  bowler: Bowler;
  startFrame: number;
  /** First frame of the next shot. */
  endFrame: number;
  times: ShotTimes;
  path: BallPath;
  pinfall: PinfallResult;
  motions: PinMotion[];
  wobbles: PinWobble[];
  /** Pins set for the next ball. */
  nextStanding: number;
  next: BallSlot;
  foul: boolean;
  truth: ShotTruth;
}

export interface PlanInput {
  seed: number;
  lane: number;
  fps: number;
  index: number;
  slot: BallSlot;
  startFrame: number;
}

const SALT = { bowler: 0xb0, shot: 0x5a };

/** The bowler of game `game` on a lane with this seed. */
export function bowlerFor(seed: number, game: number): Bowler {
  return createBowler(createPrng(seed, SALT.bowler, game));
}

export function planShot(input: PlanInput): ShotPlan {
  const { seed, lane, fps, index, slot, startFrame } = input;
  const rng = createPrng(seed, SALT.shot, index);
  const bowler = bowlerFor(seed, slot.game);
  const free = buildBallPath(throwBall(rng, bowler, slot.standingBefore));
  const pinfall = resolvePinfall(rng, free, slot.standingBefore);
  const path = pinfall.deflection ? buildBallPath(free.launch, pinfall.deflection) : free;
  const foul = rng.chance(0.006 * bowler.errorScale);

  const stanceS = 0.9;
  const approachS = stanceS + rng.uniform(0.3, 0.8);
  const releaseS = approachS + rng.uniform(2.0, 2.6);
  const impactS = releaseS + timeAt(path, pinfall.contactFt ?? 60);
  const ballGoneS = releaseS + pathDuration(path);
  const motions = pinfall.knocked.map((k) => motionFor(rng, k, impactS));
  const wobbles = wobblesFor(rng, pinfall, impactS);
  let settledS = Math.max(ballGoneS, ...motions.map(motionEndS)) + 0.25;
  if (motions.length > 0) settledS = Math.max(settledS, impactS + 1.2);
  const sweepS = settledS + rng.uniform(0.2, 0.5);
  const resetDoneS = sweepS + PINSETTER_CYCLE_S;
  const walkBackS = Math.max(releaseS + 1.4, impactS + rng.uniform(0.3, 0.8));
  const endS = Math.max(resetDoneS + rng.uniform(0.1, 0.5), walkBackS + 3.4);
  const times: ShotTimes = {
    stanceS,
    approachS,
    releaseS,
    arrowsS: releaseS + timeAt(path, 15),
    impactS,
    ballGoneS,
    settledS,
    walkBackS,
    sweepS,
    resetDoneS,
    endS,
  };
  const next = nextSlot(slot, pinfall.standingAfter, foul);
  const at = (s: number) => frameAtOrAfter(startFrame, s, fps);
  const truth: ShotTruth = {
    lane,
    seed,
    shot: index,
    game: slot.game,
    frame: slot.frame,
    ball: slot.ball,
    approachFrame: at(approachS),
    releaseFrame: at(releaseS),
    arrowsFrame: at(times.arrowsS),
    impactFrame: at(impactS),
    settledFrame: at(settledS),
    rackReadyFrame: at(times.resetDoneS),
    ...shotMetrics(path),
    standingBefore: slot.standingBefore,
    standingAfter: pinfall.standingAfter,
    foul,
    gutter: pinfall.zone === "gutter",
  };
  return {
    index,
    slot,
    bowler,
    startFrame,
    endFrame: at(endS),
    times,
    path,
    pinfall,
    motions,
    wobbles,
    nextStanding: next.standingBefore,
    next,
    foul,
    truth,
  };
}

/** Standing pins next to falling ones rock for a moment. */
function wobblesFor(
  rng: Prng,
  pinfall: PinfallResult,
  impactS: number,
): PinWobble[] {
  const out: PinWobble[] = [];
  for (const pin of pinsIn(pinfall.standingAfter)) {
    const near = pinfall.knocked.find((k) => {
      const a = PIN_SPOTS[k.pin - 1];
      const b = PIN_SPOTS[pin - 1];
      return Math.hypot((a.board - b.board) * BOARD_FT, a.ft - b.ft) < 1.1;
    });
    if (!near || !rng.chance(0.5)) continue;
    out.push({
      pin,
      startS: impactS + near.delayS + 0.1,
      amplitude: rng.uniform(0.05, 0.18),
      dirX: near.dirX,
      dirY: near.dirY,
    });
  }
  return out;
}
