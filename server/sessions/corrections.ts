/** Correcting a ball with a reason: a new version of the ball, audited; the original row stays. */
import { DomainError } from "../../core/problem.ts";
import { scoreGame, ScoringError } from "../../core/scoring.ts";
import type { Sql } from "../db.ts";
import { enqueueRedetermine } from "../markets/settle_topics.ts";
import * as repo from "./repo.ts";
import type { BowlerGame, Sheet } from "./sheet.ts";
import {
  type Actor,
  audit,
  type BallInput,
  gamesOf,
  lower,
  publish,
  type SessionDeps,
  sheetOf,
  stateOf,
  unknownSession,
} from "./common.ts";

/**
 * Replaces the current version of a ball with a correction (the original row
 * stays), after checking that the bowler's later balls still make sense.
 */
export async function correctBall(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  ballId: string,
  change: BallInput & { reason: string },
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await repo.getSession(tx, sessionId, true);
    if (!session) throw unknownSession(sessionId);
    const old = await repo.getBall(tx, session.id, ballId);
    if (!old) {
      throw new DomainError(
        "unknown_ball",
        `Cannot find ball "${ballId.slice(0, 32)}" in session "${session.id}"`,
      );
    }
    const games = await gamesOf(tx, session);
    const mine = games.find((g) => g.bowler.id === old.bowlerId) as BowlerGame;
    const index = mine.balls.findIndex((b) => b.seq === old.seq);
    const current = mine.balls[index];
    if (current.id !== old.id) {
      throw new DomainError(
        "ball_superseded",
        `Ball "${old.id}" was corrected since; correct ball "${current.id}" instead`,
      );
    }
    if (current.standing === change.standing && current.foul === change.foul) {
      throw new DomainError("no_change", `Ball "${old.id}" already reads that way`);
    }
    const balls = mine.balls.map((b, i) => i === index ? change : b);
    try {
      scoreGame(balls);
    } catch (err) {
      if (!(err instanceof ScoringError)) throw err;
      throw new DomainError(
        "impossible_correction",
        `The correction cannot stand for "${mine.bowler.name}": ${lower(err.message)}`,
      );
    }
    const where = positionOf(mine, index);
    const newId = await repo.insertBall(tx, {
      sessionId: session.id,
      bowlerId: old.bowlerId,
      seq: old.seq,
      version: current.version + 1,
      standing: change.standing,
      foul: change.foul,
      source: "correction",
      shotId: current.shotId,
      recordedBy: actor.user.id,
      replacesId: current.id,
      reason: change.reason,
      frame: where.frame,
      ballInFrame: where.ball,
    });
    // Markets already determined on this ball are reversed and determined again.
    await enqueueRedetermine(tx, {
      correctionId: newId,
      laneId: session.laneId,
      sessionId: session.id,
      bowlerId: old.bowlerId,
      ...where,
    });
    await audit(tx, actor, "session.correct", session.id, {
      ballId: current.id,
      newBallId: newId,
      bowlerId: mine.bowler.id,
      bowlerName: mine.bowler.name,
      ...where,
      from: stateOf(current),
      to: stateOf(change),
      reason: change.reason,
    });
    return await sheetOf(tx, session);
  });
  publish(deps, sheet);
  return sheet;
}

/** Frame and ball in the frame of a bowler's ball at `index`, as scored now. */
function positionOf(g: BowlerGame, index: number): { frame: number; ball: number } {
  let seen = 0;
  for (const f of g.game.frames) {
    if (index < seen + f.balls.length) return { frame: f.number, ball: index - seen + 1 };
    seen += f.balls.length;
  }
  return { frame: 10, ball: 3 };
}
