/**
 * Checking in: a signed-in user joins the lane's open session as its next
 * bowler, but only with a check-in code of THAT session (check_in_code.ts),
 * which staff hand out as the lane's QR code. Staff read the code (a fresh
 * expiry each time) and rotate it, which voids every code handed out before;
 * a new session has codes of its own. Check-ins and rotations are audited
 * in the transaction of the change.
 *
 * @example
 * ```ts ignore
 * const { code } = await getCheckInCode(sql, deps, sessionId);
 * const sheet = await checkIn(sql, deps, "3", code, { user });
 * ```
 * @module
 */
import { HttpError } from "../../core/problem.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { checkInCodeRequired, type CheckInCodes, type MintedCode } from "./check_in_code.ts";
import * as repo from "./repo.ts";
import { bumpCheckInGeneration, getCheckInGeneration } from "./roster_repo.ts";
import { BOWLER_NAME_MAX } from "./schemas.ts";
import { insertBowler } from "./bowlers.ts";
import {
  type Actor,
  audit,
  lockOpen,
  publish,
  requireLane,
  type SessionDeps,
  sheetOf,
} from "./common.ts";
import type { Sheet } from "./sheet.ts";

export interface CheckInDeps extends SessionDeps {
  codes: CheckInCodes;
}

/** A session's code as staff get it. */
export interface SessionCode extends MintedCode {
  sessionId: string;
  laneId: string;
}

/** Adds the caller (by their display name) to the lane's open session, given its code. */
export async function checkIn(
  sql: Sql,
  deps: CheckInDeps,
  laneId: string,
  code: string | undefined,
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await sessionForCode(tx, deps.codes, laneId, code, true);
    const name = await repo.userName(tx, actor.user.id);
    if (name === null) {
      throw new HttpError(401, "unknown_user", "The account of this token no longer exists");
    }
    await insertBowler(tx, session, {
      name: name.slice(0, BOWLER_NAME_MAX),
      userId: actor.user.id,
    });
    const sheet = await sheetOf(tx, session);
    const me = sheet.bowlers.find((b) => b.userId === actor.user.id);
    await audit(tx, actor, "session.check_in", session.id, {
      laneId,
      bowlerId: me?.id ?? null,
      name: me?.name ?? null,
      position: me?.position ?? null,
    });
    return sheet;
  });
  publish(deps, sheet);
  return sheet;
}

/**
 * The lane's open session, once `code` is shown to be good for it: refused
 * with `check_in_code_required`, 409 `no_session`, `check_in_code_invalid`
 * (another lane's or session's, forged, or rotated) or `check_in_code_expired`.
 */
export async function sessionForCode(
  sql: SqlOrTx,
  codes: CheckInCodes,
  laneId: string,
  code: string | undefined,
  lock = false,
): Promise<repo.SessionRow> {
  if (!code) throw checkInCodeRequired();
  await requireLane(sql, laneId, false);
  const id = await repo.getOpenSessionId(sql, laneId);
  const session = id ? await repo.getSession(sql, id, lock) : null;
  if (!session || session.status !== "open") {
    throw new HttpError(409, "no_session", `Lane "${laneId}" has no open session to check in to`);
  }
  const generation = await generationOf(sql, session.id);
  await codes.verify(code, { laneId, sessionId: session.id, generation });
  return session;
}

/** A code for the open session `sessionId`, good for the configured lifetime from now. */
export async function getCheckInCode(
  sql: Sql,
  deps: CheckInDeps,
  sessionId: string,
): Promise<SessionCode> {
  const session = await sql.begin(async (tx) => {
    const s = await lockOpen(tx, sessionId);
    return { ...s, generation: await generationOf(tx, s.id) };
  });
  return await mintFor(deps, session);
}

/** Voids every code of the session handed out so far and returns a new one. Audited. */
export async function rotateCheckInCode(
  sql: Sql,
  deps: CheckInDeps,
  sessionId: string,
  actor: Actor,
): Promise<SessionCode> {
  const session = await sql.begin(async (tx) => {
    const s = await lockOpen(tx, sessionId);
    const generation = await bumpCheckInGeneration(tx, s.id);
    await audit(tx, actor, "session.check_in_rotate", s.id, { laneId: s.laneId, generation });
    return { ...s, generation };
  });
  return await mintFor(deps, session);
}

async function mintFor(
  deps: CheckInDeps,
  s: { id: string; laneId: string; generation: number },
): Promise<SessionCode> {
  const minted = await deps.codes.mint({
    laneId: s.laneId,
    sessionId: s.id,
    generation: s.generation,
  });
  return { sessionId: s.id, laneId: s.laneId, ...minted };
}

async function generationOf(tx: SqlOrTx, sessionId: string): Promise<number> {
  return await getCheckInGeneration(tx, sessionId) ?? 1;
}
