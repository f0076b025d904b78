/**
 * Which markets a ball gets, what they are worth by the bowler's history,
 * and which outcome a ball's result decides. Free of zod (the web imports
 * the labels re-exported here).
 *
 * Which ball gets which market (`standing` is the rack the ball faces):
 * - `strike` and `pins-over-under`: a full rack faced by a first ball
 *   (frames 1–9), or any full rack in frame 10 (ball 1, ball 2 after a
 *   strike, ball 3 after a mark). For betting a strike is "all ten of a full
 *   rack, no foul": in frame 10 a full rack respotted after a foul counts too.
 * - `spare`: a second or third ball facing pins that is not such a full rack:
 *   the leave after a first ball, a full rack respotted after a foul in
 *   frames 1–9, and in frame 10 the leave after a strike.
 * - `speed-over-under`: any ball, once the bowler has ≥ 3 recent speeds.
 *
 * Results: a foul knocks down 0 pins (no strike, no spare, pins 0); pins
 * count what THIS ball knocked down of the rack it faced; a line exactly
 * met (only possible with a whole line) or an unmeasured speed is null (void).
 *
 * @example
 * ```ts
 * import { marketsForBall, outcomeOf } from "./market_kinds.ts";
 * import { FULL_RACK } from "./pins.ts";
 *
 * marketsForBall({ frame: 1, ball: 1, standing: FULL_RACK }, { balls: [] });
 * // [{ kind: "strike", fair: { yes: 0.5, no: 0.5 } }, { kind: "pins-over-under", line: 7.5, fair: … }]
 * outcomeOf("strike", null, { standingBefore: FULL_RACK, standingAfter: 0, foul: false, launchSpeedMph: 17 });
 * // "yes"
 * ```
 * @module
 */
import type { MarketKind } from "./markets.ts";
import { countPins, FULL_RACK, isStanding } from "./pins.ts";
import type { ScoredGame } from "./scoring.ts";
import {
  MIN_SPEEDS,
  overUnder,
  pinsLine,
  pinsOverProbability,
  recentSpeeds,
  spareProbability,
  speedFit,
  speedLine,
  speedOverProbability,
  strikeProbability,
  yesNo,
} from "./market_fair.ts";

export {
  fairDecimalOdds,
  hasLine,
  isOutcomeKey,
  KIND_OUTCOMES,
  marketTitle,
  outcomeLabel,
} from "./market_labels.ts";

/** One ball of a bowler's history (this session and earlier ones). */
export interface HistoryBall {
  frame: number;
  ball: number;
  /** The rack it faced (bit i = pin i + 1). */
  standingBefore: number;
  /** What stood after it. */
  standingAfter: number;
  foul: boolean;
  launchSpeedMph: number | null;
}

/** A bowler's balls, newest last. */
export interface BowlerHistory {
  balls: readonly HistoryBall[];
}

/**
 * A scored game's balls as history, in order (oldest first); `speedOf` gives
 * each ball's launch speed when known (from its shot), else null.
 */
export function historyBallsOf(
  game: Pick<ScoredGame, "frames">,
  speedOf: (frame: number, ball: number) => number | null = () => null,
): HistoryBall[] {
  return game.frames.flatMap((f) =>
    f.balls.map((b, i) => ({
      frame: f.number,
      ball: i + 1,
      standingBefore: b.before,
      standingAfter: b.standing,
      foul: b.foul,
      launchSpeedMph: speedOf(f.number, i + 1),
    }))
  );
}

/** The ball about to be thrown. */
export interface BallToBet {
  frame: number;
  ball: number;
  /** The rack it faces. */
  standing: number;
}

/** A market to open on a ball: its kind, its line (over/under kinds) and fair probabilities. */
export interface MarketOffer {
  kind: MarketKind;
  line?: number;
  /** Outcome key → probability in [0.01, 0.99]; the outcomes sum to 1. */
  fair: Record<string, number>;
}

/** What a ball did, as the settlement reads it. */
export interface BallResult {
  standingBefore: number;
  standingAfter: number;
  foul: boolean;
  launchSpeedMph: number | null;
}

/** A full rack faced by the first ball of a pair: frames 1–9 ball 1, or any full rack in frame 10. */
export function isFirstOfRack(frame: number, ball: number, standing: number): boolean {
  return standing === FULL_RACK && (ball === 1 || frame === 10);
}

/** A later ball facing pins that is not {@linkcode isFirstOfRack}: a spare attempt. */
export function isSpareAttempt(frame: number, ball: number, standing: number): boolean {
  return ball >= 2 && standing !== 0 && !isFirstOfRack(frame, ball, standing);
}

/** Pins this ball knocked down of the rack it faced; 0 on a foul. */
export function pinsDown(
  result: Pick<BallResult, "standingBefore" | "standingAfter" | "foul">,
): number {
  return result.foul ? 0 : countPins(result.standingBefore & ~result.standingAfter);
}

function checkBall(b: BallToBet): void {
  if (
    !Number.isInteger(b.frame) || b.frame < 1 || b.frame > 10 ||
    !Number.isInteger(b.ball) || b.ball < 1 || b.ball > (b.frame === 10 ? 3 : 2) ||
    !isStanding(b.standing)
  ) {
    throw new RangeError(
      `Ball "${b.ball}" of frame "${b.frame}" facing "${b.standing}" is not a ball of a game`,
    );
  }
}

/**
 * The markets to open on `ball`, in display order (strike, pins-over-under,
 * spare, speed-over-under), with lines and fair probabilities from `history`.
 * Throws a RangeError for a ball that cannot exist (frame 11, ball 3 of frame 4…).
 */
export function marketsForBall(ball: BallToBet, history: BowlerHistory): MarketOffer[] {
  checkBall(ball);
  const offers: MarketOffer[] = [];
  const balls = history.balls;
  if (isFirstOfRack(ball.frame, ball.ball, ball.standing)) {
    const firsts = balls.filter((b) => isFirstOfRack(b.frame, b.ball, b.standingBefore));
    const strikes = firsts.filter((b) => outcomeOf("strike", null, b) === "yes").length;
    offers.push({ kind: "strike", fair: yesNo(strikeProbability(strikes, firsts.length)) });
    const counts = firsts.map(pinsDown);
    const line = pinsLine(counts);
    offers.push({
      kind: "pins-over-under",
      line,
      fair: overUnder(pinsOverProbability(counts, line)),
    });
  } else if (isSpareAttempt(ball.frame, ball.ball, ball.standing)) {
    const attempts = balls
      .filter((b) => isSpareAttempt(b.frame, b.ball, b.standingBefore))
      .map((b) => ({ leave: b.standingBefore, converted: outcomeOf("spare", null, b) === "yes" }));
    offers.push({ kind: "spare", fair: yesNo(spareProbability(ball.standing, attempts)) });
  }
  const speeds = recentSpeeds(balls.map((b) => b.launchSpeedMph));
  if (speeds.length >= MIN_SPEEDS) {
    const line = speedLine(speedFit(speeds).mean);
    offers.push({
      kind: "speed-over-under",
      line,
      fair: overUnder(speedOverProbability(speeds, line)),
    });
  }
  return offers;
}

/** "over" above the line, "under" below, null exactly on it (a push: void). */
function overOrUnder(
  kind: MarketKind,
  value: number,
  line: number | null | undefined,
): string | null {
  if (typeof line !== "number" || !Number.isFinite(line)) {
    throw new RangeError(`A "${kind}" market needs a line, not "${line}"`);
  }
  return value > line ? "over" : value < line ? "under" : null;
}

/**
 * The winning outcome key of a `kind` market on a ball that did `result`, or
 * null when the market must be void (no speed measured, a value exactly on a
 * whole line). Deterministic; throws a RangeError for a standing that is not
 * 0…1023 or an over/under market without a line.
 */
export function outcomeOf(
  kind: MarketKind,
  line: number | null | undefined,
  result: BallResult,
): string | null {
  if (!isStanding(result.standingBefore) || !isStanding(result.standingAfter)) {
    throw new RangeError(
      `Standing "${result.standingBefore}" → "${result.standingAfter}" is not 0 to 1023`,
    );
  }
  const cleared = !result.foul && result.standingAfter === 0;
  switch (kind) {
    case "strike":
      return cleared && result.standingBefore === FULL_RACK ? "yes" : "no";
    case "spare":
      return cleared && result.standingBefore !== 0 ? "yes" : "no";
    case "pins-over-under":
      return overOrUnder(kind, pinsDown(result), line);
    case "speed-over-under": {
      const speed = result.launchSpeedMph;
      if (typeof speed !== "number" || !Number.isFinite(speed) || speed <= 0) return null;
      return overOrUnder(kind, speed, line);
    }
  }
}
