/**
 * Bowling sessions: open one on a lane, record balls (by staff or the AI),
 * correct them with a reason, add bowlers, close. Every write runs in one
 * transaction that locks the session row, re-scores the stored balls with
 * core/scoring.ts before committing (so an impossible ball or correction
 * changes nothing), writes the audit log for staff actions, and after
 * commit publishes the new sheet to the lane's live subscribers as a
 * `session` event.
 *
 * @example
 * ```ts ignore
 * // The AI path: a ball for whoever's turn it is on lane 3, if a session is open.
 * const sheet = await recordBall(db.sql, deps, {
 *   laneId: "3", standing: 0b1001000000, foul: false, source: "ai", shotId: "s-81", confidence: 0.97,
 * });
 * ```
 * @module
 */
import { pinsOf } from "../../core/pins.ts";
import { DomainError } from "../../core/problem.ts";
import { scoreGame, ScoringError } from "../../core/scoring.ts";
import { SESSION_EVENT } from "../../core/session_sheet.ts";
import { isLaneId } from "../../core/lane_token.ts";
import type { AuthUser } from "../auth/guard.ts";
import { recordAudit } from "../audit/log.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { getLane } from "../lanes/repo.ts";
import type { LiveHub } from "../live/hub.ts";
import * as repo from "./repo.ts";
import {
  type BowlerGame,
  buildSheet,
  scoreBowlers,
  type SessionSummary,
  type Sheet,
  summarize,
  turnOf,
} from "./sheet.ts";
import { MAX_BOWLERS } from "./schemas.ts";

/** What session writes need besides the database: the hub the new sheet is published to. */
export interface SessionDeps {
  live: LiveHub;
}

/** Who asked, for the audit log. */
export interface Actor {
  user: AuthUser;
  requestId?: string;
}

export interface BowlerInput {
  name: string;
  userId?: string | null;
}

export interface BallInput {
  standing: number;
  foul: boolean;
}

export interface AiBall extends BallInput {
  laneId: string;
  source: "ai";
  shotId?: string | null;
  /** 0…1. */
  confidence?: number | null;
}

export { SESSION_EVENT };

// ---------------------------------------------------------------------------
// Reads

export async function getSheet(sql: SqlOrTx, sessionId: string): Promise<Sheet> {
  const session = await repo.getSession(sql, sessionId);
  if (!session) throw unknownSession(sessionId);
  return await sheetOf(sql, session);
}

/** The open session's sheet of a lane; 404 `no_session` when none is open. */
export async function getLaneSheet(sql: SqlOrTx, laneId: string): Promise<Sheet> {
  const sheet = await findLaneSheet(sql, laneId);
  if (!sheet) throw new DomainError("no_session", `Lane "${laneId}" has no open session`);
  return sheet;
}

/** The open session's sheet of an existing lane, or null. */
export async function findLaneSheet(sql: SqlOrTx, laneId: string): Promise<Sheet | null> {
  await requireLane(sql, laneId, false);
  const id = await repo.getOpenSessionId(sql, laneId);
  return id ? await getSheet(sql, id) : null;
}

export async function listSessionSummaries(
  sql: SqlOrTx,
  q: { laneId?: string; status?: repo.SessionStatus; limit: number },
): Promise<SessionSummary[]> {
  const sessions = await repo.listSessions(sql, q);
  const ids = sessions.map((s) => s.id);
  const [bowlers, balls] = await Promise.all([
    repo.listBowlers(sql, ids),
    repo.listCurrentBalls(sql, ids),
  ]);
  return sessions.map((s) => {
    const games = scoreBowlers(
      bowlers.filter((b) => b.sessionId === s.id),
      balls.filter((b) => b.sessionId === s.id),
    );
    return summarize(buildSheet(s, games));
  });
}

export async function listHistory(sql: SqlOrTx, sessionId: string) {
  const session = await repo.getSession(sql, sessionId);
  if (!session) throw unknownSession(sessionId);
  const rows = await repo.listCorrections(sql, session.id);
  return rows.map((r) => ({
    id: r.id,
    replacesBallId: r.replacesId,
    bowlerId: r.bowlerId,
    bowlerName: r.bowlerName,
    frame: r.frame,
    ball: r.ballInFrame,
    from: { pinsStanding: pinsOf(r.fromStanding), foul: r.fromFoul, source: r.fromSource },
    to: { pinsStanding: pinsOf(r.toStanding), foul: r.toFoul },
    reason: r.reason,
    by: { id: r.byId, name: r.byName },
    at: r.at.toISOString(),
  }));
}

// ---------------------------------------------------------------------------
// Writes

export async function openSession(
  sql: Sql,
  deps: SessionDeps,
  laneId: string,
  bowlers: readonly BowlerInput[],
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    await requireLane(tx, laneId, true);
    await requireUsers(tx, bowlers.flatMap((b) => b.userId ? [b.userId] : []));
    const session = await repo.insertSession(tx, laneId, actor.user.id);
    if (!session) {
      throw new DomainError("session_open", `Lane "${laneId}" already has an open session`);
    }
    await repo.insertBowlers(tx, session.id, bowlers);
    await audit(tx, actor, "session.open", session.id, {
      laneId,
      bowlers: bowlers.map((b) => b.name),
    });
    return await sheetOf(tx, session);
  });
  publish(deps, sheet);
  return sheet;
}

/** A ball by staff, for `bowlerId` or (by default) whoever's turn it is. */
export async function addBall(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  ball: BallInput & { bowlerId?: string },
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await lockOpen(tx, sessionId);
    const games = await gamesOf(tx, session);
    const ballId = await append(tx, session, games, ball, {
      source: "manual",
      recordedBy: actor.user.id,
    });
    await audit(tx, actor, "session.ball", session.id, {
      ballId,
      bowlerId: ball.bowlerId ?? null,
      ...stateOf(ball),
    });
    return await sheetOf(tx, session);
  });
  publish(deps, sheet);
  return sheet;
}

/**
 * The AI path: appends a ball for whoever's turn it is in the lane's open
 * session and publishes the new sheet; `null` (and nothing changes) when the
 * lane has no open session. Throws a 409 HttpError when the ball cannot
 * follow the bowler's earlier balls or every game is complete, and a 400
 * for a confidence outside 0…1 or a shot id over 64 characters.
 */
export async function recordBall(
  sql: Sql,
  deps: SessionDeps,
  input: AiBall,
): Promise<Sheet | null> {
  const { confidence, shotId } = input;
  if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
    throw new DomainError("invalid_ball", `Confidence must be from 0 to 1, got "${confidence}"`);
  }
  if (shotId != null && (shotId.length < 1 || shotId.length > 64)) {
    throw new DomainError("invalid_ball", "A shot id must be 1 to 64 characters");
  }
  const sheet = await sql.begin(async (tx) => {
    const id = await repo.getOpenSessionId(tx, input.laneId);
    const session = id ? await repo.getSession(tx, id, true) : null;
    if (!session || session.status !== "open") return null;
    const games = await gamesOf(tx, session);
    await append(tx, session, games, { standing: input.standing, foul: input.foul }, {
      source: input.source,
      shotId: input.shotId ?? null,
      confidence: input.confidence ?? null,
    });
    return await sheetOf(tx, session);
  });
  if (sheet) publish(deps, sheet);
  return sheet;
}

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

export async function addBowler(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  bowler: BowlerInput,
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await lockOpen(tx, sessionId);
    if (bowler.userId) await requireUsers(tx, [bowler.userId]);
    await insertBowler(tx, session, bowler);
    await audit(tx, actor, "session.bowler_add", session.id, {
      name: bowler.name,
      userId: bowler.userId ?? null,
    });
    return await sheetOf(tx, session);
  });
  publish(deps, sheet);
  return sheet;
}

export async function closeSession(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await lockOpen(tx, sessionId);
    await repo.closeSession(tx, session.id, actor.user.id);
    await audit(tx, actor, "session.close", session.id, { laneId: session.laneId });
    return await getSheet(tx, session.id);
  });
  publish(deps, sheet);
  return sheet;
}

// ---------------------------------------------------------------------------

export async function sheetOf(sql: SqlOrTx, session: repo.SessionRow): Promise<Sheet> {
  return buildSheet(session, await gamesOf(sql, session));
}

async function gamesOf(sql: SqlOrTx, session: repo.SessionRow): Promise<BowlerGame[]> {
  const [bowlers, balls] = [
    await repo.listBowlers(sql, [session.id]),
    await repo.listCurrentBalls(sql, [session.id]),
  ];
  return scoreBowlers(bowlers, balls);
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
  return await repo.insertBall(tx, {
    sessionId: session.id,
    bowlerId: mine.bowler.id,
    seq: mine.balls.length + 1,
    version: 1,
    standing: ball.standing,
    foul: ball.foul,
    ...meta,
  });
}

export async function insertBowler(
  tx: SqlOrTx,
  session: repo.SessionRow,
  bowler: BowlerInput,
): Promise<void> {
  const bowlers = await repo.listBowlers(tx, [session.id]);
  if (bowlers.length >= MAX_BOWLERS) {
    throw new DomainError(
      "session_full",
      `Session "${session.id}" already has ${MAX_BOWLERS} bowlers`,
    );
  }
  if (bowler.userId && bowlers.some((b) => b.userId === bowler.userId)) {
    throw new DomainError("already_bowling", "That user is already a bowler in this session");
  }
  await repo.insertBowlers(tx, session.id, [bowler]);
}

export async function lockOpen(tx: SqlOrTx, sessionId: string): Promise<repo.SessionRow> {
  const session = await repo.getSession(tx, sessionId, true);
  if (!session) throw unknownSession(sessionId);
  if (session.status !== "open") {
    throw new DomainError("session_closed", `Session "${session.id}" is closed`);
  }
  return session;
}

export async function requireLane(sql: SqlOrTx, laneId: string, enabled: boolean): Promise<void> {
  const lane = isLaneId(laneId) ? await getLane(sql, laneId) : null;
  if (!lane) throw new DomainError("unknown_lane", `Cannot find lane "${laneId.slice(0, 64)}"`);
  if (enabled && !lane.enabled) {
    throw new DomainError("lane_disabled", `Lane "${laneId}" is disabled`);
  }
}

async function requireUsers(sql: SqlOrTx, ids: readonly string[]): Promise<void> {
  const found = await repo.existingUsers(sql, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new DomainError("unknown_user", `Cannot find user "${missing}"`);
}

export async function audit(
  tx: SqlOrTx,
  actor: Actor,
  action: string,
  sessionId: string,
  detail: Record<string, unknown>,
) {
  await recordAudit(tx, {
    actor: actor.user,
    action,
    targetType: "session",
    targetId: sessionId,
    detail,
    requestId: actor.requestId,
  });
}

export function publish(deps: SessionDeps, sheet: Sheet): void {
  deps.live.publish(sheet.laneId, { type: SESSION_EVENT, data: sheet });
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

const stateOf = (b: BallInput) => ({ pinsStanding: pinsOf(b.standing), foul: b.foul });
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const unknownSession = (id: string) =>
  new DomainError("unknown_session", `Cannot find session "${id.slice(0, 64)}"`);
