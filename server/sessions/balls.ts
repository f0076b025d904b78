/**
 * Recording balls: by staff (audited) or by the AI for whoever's turn it is.
 * Each ball is checked against the turn and the bowler's earlier balls with
 * core/scoring.ts before it is stored.
 * @module
 */
import { pinsOf } from "../../core/pins.ts";
import { DomainError } from "../../core/problem.ts";
import { scoreGame, ScoringError } from "../../core/scoring.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { enqueueBallSettle } from "../markets/settle_topics.ts";
import * as repo from "./repo.ts";
import { type BowlerGame, type Sheet, turnOf } from "./sheet.ts";
import {
  type Actor,
  audit,
  type BallInput,
  gamesOf,
  lockOpen,
  lower,
  publish,
  type SessionDeps,
  sheetOf,
  stateOf,
} from "./common.ts";

export interface AiBall extends BallInput {
  laneId: string;
  source: "ai";
  shotId?: string | null;
  /** 0…1. */
  confidence?: number | null;
  /** When the ball was bowled: a ball from before the open session began is not its ball. */
  releasedAtMs?: number;
}

/** A ball by staff, for `bowlerId` or (by default) whoever's turn it is. */
export async function addBall(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  ball: BallInput & { bowlerId?: string },
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin((tx) => addStaffBall(tx, sessionId, ball, actor));
  publish(deps, sheet);
  return sheet;
}

/**
 * {@linkcode addBall} inside the caller's transaction (the caller publishes
 * the sheet after commit). `shotId`: the AI's shot staff confirmed or
 * overrode in the review queue; `audit` adds to the entry's detail.
 */
export async function addStaffBall(
  tx: SqlOrTx,
  sessionId: string,
  ball: BallInput & { bowlerId?: string },
  actor: Actor,
  extra: { shotId?: string; audit?: Record<string, unknown> } = {},
): Promise<Sheet> {
  const session = await lockOpen(tx, sessionId);
  const games = await gamesOf(tx, session);
  const ballId = await append(tx, session, games, ball, {
    source: "manual",
    recordedBy: actor.user.id,
    shotId: extra.shotId ?? null,
  });
  await audit(tx, actor, "session.ball", session.id, {
    ballId,
    bowlerId: ball.bowlerId ?? null,
    ...stateOf(ball),
    ...extra.audit,
  });
  return await sheetOf(tx, session);
}

/**
 * The AI path: appends a ball for whoever's turn it is in the lane's open
 * session and publishes the new sheet; `null` (and nothing changes) when the
 * lane has no open session. Throws a 409 DomainError when the ball cannot
 * follow the bowler's earlier balls or every game is complete, and a 400
 * for a confidence outside 0…1 or a shot id over 64 characters.
 */
export async function recordBall(
  sql: Sql,
  deps: SessionDeps,
  input: AiBall,
): Promise<Sheet | null> {
  const sheet = await sql.begin((tx) => appendAiBall(tx, input));
  if (sheet) publish(deps, sheet);
  return sheet;
}

/**
 * {@linkcode recordBall} inside the caller's transaction (the outbox's), which
 * publishes the sheet after its commit; `null` when the lane has no open session
 * (or the ball was released before it opened).
 */
export async function appendAiBall(tx: SqlOrTx, input: AiBall): Promise<Sheet | null> {
  const { confidence, shotId } = input;
  if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
    throw new DomainError("invalid_ball", `Confidence must be from 0 to 1, got "${confidence}"`);
  }
  if (shotId != null && (shotId.length < 1 || shotId.length > 64)) {
    throw new DomainError("invalid_ball", "A shot id must be 1 to 64 characters");
  }
  const id = await repo.getOpenSessionId(tx, input.laneId);
  const session = id ? await repo.getSession(tx, id, true) : null;
  if (!session || session.status !== "open") return null;
  if (input.releasedAtMs !== undefined && input.releasedAtMs < session.openedAt.getTime()) {
    return null;
  }
  const games = await gamesOf(tx, session);
  await append(tx, session, games, { standing: input.standing, foul: input.foul }, {
    source: input.source,
    shotId: input.shotId ?? null,
    confidence: input.confidence ?? null,
  });
  return await sheetOf(tx, session);
}

/** Checks the ball against the turn and the bowler's earlier balls, then stores it. */
async function append(
  tx: SqlOrTx,
  session: repo.SessionRow,
  games: BowlerGame[],
  ball: BallInput & { bowlerId?: string },
  meta: Pick<repo.NewBall, "source" | "shotId" | "confidence" | "recordedBy">,
): Promise<string> {
  const turn = turnOf(session, games);
  if (turn === null) {
    throw new DomainError(
      "session_complete",
      `Every game in session "${session.id}" is complete`,
    );
  }
  let index = turn;
  if (ball.bowlerId !== undefined) {
    index = games.findIndex((g) => g.bowler.id === ball.bowlerId);
    if (index < 0) {
      throw new DomainError(
        "unknown_bowler",
        `Cannot find bowler "${ball.bowlerId}" in session "${session.id}"`,
      );
    }
    if (games[index].game.complete) {
      throw new DomainError("game_complete", `"${games[index].bowler.name}"'s game is complete`);
    }
    if (index !== turn) {
      throw new DomainError(
        "out_of_turn",
        `It is "${games[turn].bowler.name}"'s turn, not "${games[index].bowler.name}"'s`,
      );
    }
  }
  const mine = games[index];
  try {
    scoreGame([...mine.balls, ball]);
  } catch (err) {
    if (!(err instanceof ScoringError)) throw err;
    throw new DomainError(
      "impossible_ball",
      `Cannot record this ball for "${mine.bowler.name}": ${lower(err.message)}`,
      {
        pinsStanding: mine.game.next ? pinsOf(mine.game.next.rack) : [],
      },
    );
  }
  const ballId = await repo.insertBall(tx, {
    sessionId: session.id,
    bowlerId: mine.bowler.id,
    seq: mine.balls.length + 1,
    version: 1,
    standing: ball.standing,
    foul: ball.foul,
    ...meta,
  });
  // Its markets are determined and paid by the outbox, committed with the ball.
  await enqueueBallSettle(tx, ballId, session.laneId);
  return ballId;
}
