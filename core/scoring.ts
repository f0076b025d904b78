/**
 * Ten-pin scoring from standing states: each ball is what stood after it
 * (see core/pins.ts), never a count, so pins the machine knocks over after
 * the ball has been read do not count.
 *
 * Rules implemented:
 * - A ball faces a full rack at the start of a frame, otherwise what stood
 *   after the frame's previous ball. In the 10th frame the rack is reset
 *   after a strike or a spare.
 * - Strike (first ball of a pair clears a full rack, "X") = 10 + the next two
 *   balls; spare (second ball clears what was left, "/") = 10 + the next ball.
 *   The 10th frame gets a third ball after a strike or a spare.
 * - A foul ("F") counts as a delivery and scores zero, and the pins it knocked
 *   down are respotted: after a foul on the first ball the second ball faces a
 *   full rack (clearing it is a spare); after a foul on a second ball the
 *   frame ends with the first ball's count. A foul is never a strike or spare.
 * - A split is flagged only on a ball at a full rack that did not foul.
 *
 * @example
 * ```ts
 * import { scoreGame } from "./scoring.ts";
 *
 * const game = scoreGame(Array.from({ length: 12 }, () => ({ standing: 0 })));
 * game.total; // 300
 * game.complete; // true
 * ```
 * @module
 */
import { countPins, FULL_RACK, isSplit, isStanding } from "./pins.ts";

export const FRAMES = 10;

/** One ball as read: the pins standing after it (bit i = pin i + 1). */
export interface BallInput {
  standing: number;
  foul?: boolean;
}

export interface ScoredBall {
  /** The standing state the ball faced. */
  before: number;
  /** What stood after it. */
  standing: number;
  foul: boolean;
  /** Pins that count for this ball (0 on a foul). */
  pins: number;
  /** "X", "/", "-", "F" or the count as a digit. */
  mark: string;
  /** The leave is a split (first ball at a full rack only). */
  split: boolean;
}

export interface ScoredFrame {
  /** 1…10. */
  number: number;
  balls: ScoredBall[];
  /** This frame's score with its bonus; null until every ball it needs is bowled. */
  score: number | null;
  /** Running total through this frame; null until it and every earlier frame are known. */
  total: number | null;
  /** All of the frame's own balls are bowled. */
  complete: boolean;
}

/** Where the next ball goes: frame 1…10, ball 1…3 in that frame, the rack it faces. */
export interface NextBall {
  frame: number;
  ball: number;
  rack: number;
}

export interface ScoredGame {
  /** Always ten frames; frames not yet reached have no balls. */
  frames: ScoredFrame[];
  /** The last known running total (0 before any is known); the final score once complete. */
  total: number;
  complete: boolean;
  /** Null once the game is complete. */
  next: NextBall | null;
}

export type ScoringErrorCode = "invalid_standing" | "pin_stood_up" | "game_complete";

/** A ball that cannot follow the ones before it; `ball` is its index in the input. */
export class ScoringError extends Error {
  constructor(readonly code: ScoringErrorCode, message: string, readonly ball: number) {
    super(message);
    this.name = "ScoringError";
  }
}

/**
 * Scores one bowler's game from their balls in order. Throws a
 * {@linkcode ScoringError} for a ball that is not a standing state, that
 * shows a pin standing which was down before it, or that comes after the
 * game is complete.
 */
export function scoreGame(balls: readonly BallInput[]): ScoredGame {
  const frames: ScoredFrame[] = Array.from({ length: FRAMES }, (_, i) => ({
    number: i + 1,
    balls: [],
    score: null,
    total: null,
    complete: false,
  }));
  let frame = 0;
  let rack = FULL_RACK;
  // The next ball is the first of a pair: a frame's first ball, or a 10th-frame ball after a mark.
  let pairStart = true;
  let complete = false;

  balls.forEach((input, i) => {
    if (complete) {
      throw new ScoringError("game_complete", `Ball ${i + 1} comes after the game is complete`, i);
    }
    const { standing } = input;
    if (!isStanding(standing)) {
      throw new ScoringError(
        "invalid_standing",
        `Ball ${i + 1} has standing state "${standing}", not 0 to 1023`,
        i,
      );
    }
    if (standing & ~rack) {
      throw new ScoringError(
        "pin_stood_up",
        `Ball ${i + 1} shows a pin standing that was down before it (frame ${frame + 1})`,
        i,
      );
    }
    const foul = input.foul === true;
    const pins = foul ? 0 : countPins(rack & ~standing);
    const cleared = !foul && standing === 0;
    const mark = foul ? "F" : cleared ? (pairStart ? "X" : "/") : pins === 0 ? "-" : String(pins);
    const split = pairStart && !foul && isSplit(standing);
    const current = frames[frame];
    current.balls.push({ before: rack, standing, foul, pins, mark, split });

    // After a clear or at the end of a pair the rack is reset; after a first
    // ball it is what stood, or a full rack again when the ball fouled.
    const pairEnds = cleared || !pairStart;
    rack = pairEnds || foul ? FULL_RACK : standing;
    pairStart = pairEnds;
    if (frame < FRAMES - 1) {
      if (pairEnds) {
        current.complete = true;
        frame++;
      }
      return;
    }
    const n = current.balls.length;
    const marked = current.balls[0].mark === "X" || current.balls[1]?.mark === "/";
    if (n === 3 || (n === 2 && !marked)) {
      current.complete = complete = true;
    }
  });

  resolveScores(frames);
  const known = frames.filter((f) => f.total !== null);
  const last = frames[frame];
  return {
    frames,
    total: known.length ? known[known.length - 1].total as number : 0,
    complete,
    next: complete ? null : { frame: frame + 1, ball: last.balls.length + 1, rack },
  };
}

/** Fills each frame's score (with bonus balls) and the running totals. */
function resolveScores(frames: ScoredFrame[]): void {
  const all = frames.flatMap((f) => f.balls.map((b) => b.pins));
  let start = 0;
  let running: number | null = 0;
  for (const f of frames) {
    const own = f.balls.map((b) => b.pins);
    const sum = own.reduce((a, b) => a + b, 0);
    let score: number | null = null;
    if (f.number === FRAMES) {
      score = f.complete ? sum : null;
    } else if (f.balls[0]?.mark === "X") {
      score = start + 2 < all.length ? 10 + all[start + 1] + all[start + 2] : null;
    } else if (f.balls[1]?.mark === "/") {
      score = start + 2 < all.length ? 10 + all[start + 2] : null;
    } else if (f.complete) {
      score = sum;
    }
    f.score = score;
    running = running === null || score === null ? null : running + score;
    f.total = running;
    start += f.balls.length;
  }
}

/**
 * Whose turn it is among bowlers in a session (their games in bowling
 * order), or null when every game is complete. Each bowler bowls a whole
 * frame: someone in the middle of a frame bowls on; otherwise the first
 * bowler on the lowest frame goes next (so a bowler added late catches up
 * before the rotation moves on).
 */
export function nextBowler(games: readonly Pick<ScoredGame, "next">[]): number | null {
  const open = games.map((g, i) => ({ i, next: g.next })).filter((g) => g.next !== null);
  const midFrame = open.filter((g) => (g.next as NextBall).ball > 1);
  const pool = midFrame.length ? midFrame : open;
  let best: (typeof pool)[number] | undefined;
  for (const g of pool) {
    if (!best || (g.next as NextBall).frame < (best.next as NextBall).frame) best = g;
  }
  return best ? best.i : null;
}
