/**
 * Who scores a session, for the console: while the AI scores a live game,
 * staff correct its balls rather than enter them (manual entry waits behind
 * "Correct a ball"); the ball a correction starts from is the last one
 * bowled; each ball says who scored it. Pure.
 */
import type { SessionSheet, SheetBall, SheetBowler } from "./staff_api.ts";

/** True while the game is open and the AI scores it: open play, or a ball came from the AI. */
export function aiScores(sheet: SessionSheet): boolean {
  if (sheet.status !== "open") return false;
  if (sheet.openPlay) return true;
  return sheet.bowlers.some((b) =>
    b.frames.some((f) => f.balls.some((ball) => ball.source === "ai"))
  );
}

/** A ball on the sheet with where it is. */
export interface BallAt {
  ball: SheetBall;
  bowler: SheetBowler;
  frame: number;
  /** 1-based place in the frame. */
  index: number;
  /** Every ball of the frame, in the order bowled. */
  balls: readonly SheetBall[];
}

/**
 * The ball bowled last: the one before `turn` in the rotation (the same
 * bowler's previous ball, or the bowler before them in this frame or the
 * last), or the last bowler's last ball once the game is over. Null before
 * the first ball.
 */
export function lastBall(sheet: SessionSheet): BallAt | null {
  const order = sheet.bowlers.filter((b) => !b.removed).sort((a, b) => a.position - b.position);
  if (!order.length) return null;
  const turn = sheet.turn;
  if (!turn) return lastOfFrame(order[order.length - 1], 10) ?? anyLast(order);
  const at = order.findIndex((b) => b.id === turn.bowlerId);
  if (at < 0) return anyLast(order);
  if (turn.ball > 1) return lastOfFrame(order[at], turn.frame);
  const before = at > 0 ? order[at - 1] : order[order.length - 1];
  const frame = at > 0 ? turn.frame : turn.frame - 1;
  return frame >= 1 ? lastOfFrame(before, frame) : null;
}

function lastOfFrame(bowler: SheetBowler, number: number): BallAt | null {
  const balls = bowler.frames.find((f) => f.number === number)?.balls ?? [];
  if (!balls.length) return null;
  return { ball: balls[balls.length - 1], bowler, frame: number, index: balls.length, balls };
}

/** The latest frame's last ball of anyone: a fallback where the rotation says nothing. */
function anyLast(order: readonly SheetBowler[]): BallAt | null {
  let best: BallAt | null = null;
  for (const bowler of order) {
    for (const frame of bowler.frames) {
      const at = lastOfFrame(bowler, frame.number);
      if (at && (!best || at.frame >= best.frame)) best = at;
    }
  }
  return best;
}

/** Who scored a ball, in words: "Scored by the AI", "Entered by staff", "Corrected by staff". */
export function scoredBy(ball: Pick<SheetBall, "source" | "corrected">): string {
  if (ball.corrected || ball.source === "correction") return "Corrected by staff";
  return ball.source === "ai" ? "Scored by the AI" : "Entered by staff";
}

/** The short mark drawn under a ball: "AI" or "S" (staff). */
export function sourceMark(ball: Pick<SheetBall, "source" | "corrected">): "AI" | "S" {
  return ball.source === "ai" && !ball.corrected ? "AI" : "S";
}
