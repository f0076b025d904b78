/**
 * Reading sessions: a sheet by id or by lane, summaries for the staff list,
 * and the corrections history of a session.
 * @module
 */
import { pinsOf } from "../../core/pins.ts";
import { DomainError } from "../../core/problem.ts";
import type { SqlOrTx } from "../db.ts";
import * as repo from "./repo.ts";
import { buildSheet, scoreBowlers, type SessionSummary, type Sheet, summarize } from "./sheet.ts";
import { requireLane, sheetOf, unknownSession } from "./common.ts";

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
  return (await sheetsOf(sql, await repo.listSessions(sql, q))).map(summarize);
}

/** The sheets of many sessions in three queries, in the order given (no clips). */
export async function sheetsOf(
  sql: SqlOrTx,
  sessions: readonly repo.SessionRow[],
): Promise<Sheet[]> {
  const ids = sessions.map((s) => s.id);
  const [bowlers, balls] = await Promise.all([
    repo.listBowlers(sql, ids),
    repo.listCurrentBalls(sql, ids),
  ]);
  return sessions.map((s) =>
    buildSheet(
      s,
      scoreBowlers(
        bowlers.filter((b) => b.sessionId === s.id),
        balls.filter((b) => b.sessionId === s.id),
      ),
    )
  );
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
