/**
 * Open play: a lane whose camera is live and that has no game gets an
 * automatic one the AI scores (as an alley's scorer starts one by itself).
 * The AI's shot opens it (the shot is its first ball) and the keeper
 * (open_play_keeper.ts) opens one on a live lane that never had a game; a
 * complete open-play game is closed and the next one opened. Once a session
 * on the lane was closed (staff closed the open play, or a named game
 * ended), nothing opens until a ball is bowled after that close, so closing
 * open play never reopens it in a loop. Staff turn open play into a named
 * session with {@linkcode claimOpenPlay} or close it like any session; both
 * are audited. Lanes the simulated lanes' keeper plays (`SIM_SESSIONS`) and
 * disabled lanes are left alone.
 * @module
 */
import { DomainError } from "../../core/problem.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { enqueueMarketsVoid } from "../markets/settle_topics.ts";
import * as repo from "./repo.ts";
import type { Sheet } from "./sheet.ts";
import {
  type Actor,
  audit,
  type BowlerInput,
  lockOpen,
  publish,
  requireUsers,
  type SessionDeps,
  sheetOf,
  type SystemActor,
} from "./common.ts";
import { OPEN_PLAY, OPEN_PLAY_BOWLER } from "./open_play_rules.ts";

export { OPEN_PLAY, OPEN_PLAY_BOWLER };

const ACTOR: SystemActor = { system: OPEN_PLAY };

/** Which lanes open play leaves to others. */
export interface OpenPlayScope {
  /** The simulated lanes' keeper runs (`SIM_SESSIONS`): simulated lanes are its own. */
  simSessions: boolean;
}

/** When a game would open, and the last ball that justifies it. */
export interface OpenPlayMoment {
  /** The game's start (a shot's release time: the shot is its first ball). */
  at: Date;
  /** The latest ball bowled on the lane (null: none yet). */
  bowledAt: Date | null;
}

/**
 * Makes sure the lane has an open-play game, in the caller's transaction:
 * opens one from `at` when the lane has no session and either never had one
 * or a ball was bowled after the last one closed, and replaces a complete
 * open-play game. Returns the sheets to publish after commit (none when
 * nothing changed).
 */
export async function ensureOpenPlay(
  tx: SqlOrTx,
  laneId: string,
  { at, bowledAt }: OpenPlayMoment,
  scope: OpenPlayScope,
): Promise<Sheet[]> {
  const [lane] = await tx<LaneState[]>`
    select l.enabled, l.source_kind,
      (select max(closed_at) from bowling_sessions where lane_id = l.id) as last_closed_at,
      (select id from bowling_sessions where lane_id = l.id and status = 'open') as open_id
    from lanes l where l.id = ${laneId}`;
  if (!lane?.enabled || (scope.simSessions && lane.source_kind === "sim")) return [];
  if (lane.open_id) {
    const session = await repo.getSession(tx, lane.open_id, true);
    if (!session || session.status !== "open" || session.openedBySystem !== OPEN_PLAY) return [];
    const done = await sheetOf(tx, session);
    if (!done.complete) return [];
    const ended = await closeOpenPlay(tx, session);
    const next = await openOpenPlay(tx, laneId, at);
    return next ? [ended, next] : [ended];
  }
  const closed = lane.last_closed_at?.getTime();
  if (closed !== undefined && !(bowledAt && bowledAt.getTime() > closed)) return [];
  const sheet = await openOpenPlay(tx, laneId, at);
  return sheet ? [sheet] : [];
}

/** Opens an open-play game from `at`; null when the lane got a session meanwhile. */
export async function openOpenPlay(
  tx: SqlOrTx,
  laneId: string,
  at: Date | null,
): Promise<Sheet | null> {
  const session = await repo.insertSession(tx, laneId, null, OPEN_PLAY, at);
  if (!session) return null;
  await repo.insertBowlers(tx, session.id, [{ name: OPEN_PLAY_BOWLER }]);
  await audit(tx, ACTOR, "session.open", session.id, { laneId, bowlers: [OPEN_PLAY_BOWLER] });
  return await sheetOf(tx, session);
}

async function closeOpenPlay(tx: SqlOrTx, session: repo.SessionRow): Promise<Sheet> {
  await repo.closeSession(tx, session.id, null);
  await enqueueMarketsVoid(tx, session.laneId, { kind: "session-closed", sessionId: session.id });
  await audit(tx, ACTOR, "session.close", session.id, { laneId: session.laneId, complete: true });
  const closed = await repo.getSession(tx, session.id);
  return await sheetOf(tx, closed!);
}

/**
 * Staff turn an open-play game into a named session: the bowlers given
 * replace the open-play bowler's name in order (its balls stay theirs), the
 * rest are added after; the session is no longer open play and is not
 * replaced by the server when complete. 409 `not_open_play` for any other
 * session, `session_closed` for a closed one. Audited as `session.claim`.
 */
export async function claimOpenPlay(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  bowlers: readonly BowlerInput[],
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await lockOpen(tx, sessionId);
    if (session.openedBySystem !== OPEN_PLAY) {
      throw new DomainError("not_open_play", `Session "${session.id}" is not an open-play game`);
    }
    await requireUsers(tx, bowlers.flatMap((b) => b.userId ? [b.userId] : []));
    const present = await repo.listBowlers(tx, [session.id]);
    const renamed = bowlers.slice(0, present.length);
    for (const [i, b] of renamed.entries()) {
      await tx`
        update session_bowlers set name = ${b.name}, user_id = ${b.userId ?? null}
        where id = ${present[i].id}`;
    }
    if (bowlers.length > present.length) {
      await repo.insertBowlers(tx, session.id, bowlers.slice(present.length));
    }
    await tx`
      update bowling_sessions set opened_by_system = null, opened_by = ${actor.user.id}
      where id = ${session.id}`;
    await audit(tx, actor, "session.claim", session.id, {
      laneId: session.laneId,
      bowlers: bowlers.map((b) => b.name),
    });
    return await sheetOf(tx, { ...session, openedBySystem: null });
  });
  publish(deps, sheet);
  return sheet;
}

interface LaneState {
  enabled: boolean;
  source_kind: string;
  last_closed_at: Date | null;
  open_id: string | null;
}
