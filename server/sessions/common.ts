/**
 * What every session write shares: the deps and actor types, reading a
 * session's games and sheet, the locks and checks a write starts with, the
 * audit entry it writes and the live event it publishes after commit.
 * @module
 */
import { pinsOf } from "../../core/pins.ts";
import { SESSION_EVENT } from "../../core/session_sheet.ts";
import { DomainError } from "../../core/problem.ts";
import { isLaneId } from "../../core/lane_token.ts";
import type { AuthUser } from "../auth/guard.ts";
import { recordAudit } from "../audit/log.ts";
import type { SqlOrTx } from "../db.ts";
import { getLane } from "../lanes/repo.ts";
import type { LiveHub } from "../live/hub.ts";
import * as repo from "./repo.ts";
import { type BowlerGame, buildSheet, scoreBowlers, type Sheet } from "./sheet.ts";

/**
 * What session writes need besides the database: the hub the new sheet is
 * published to, and the outbox consumer to wake after a write that enqueued
 * follow-ups (a ball to settle, markets to void).
 */
export interface SessionDeps {
  live: LiveHub;
  outbox?: { wake(): void };
}

/** Who asked, for the audit log. */
export interface Actor {
  user: AuthUser;
  requestId?: string;
}

/**
 * The server itself acting on its own (the simulated lanes' keeper): audited
 * with no user, `system` naming the part of the server in the entry's detail.
 */
export interface SystemActor {
  system: string;
}

/** The user who acted, or null for the server itself. */
export const userOf = (actor: Actor | SystemActor): AuthUser | null =>
  "user" in actor ? actor.user : null;

export interface BowlerInput {
  name: string;
  userId?: string | null;
}

export interface BallInput {
  standing: number;
  foul: boolean;
}

/** The live event type carrying a session sheet (the contract is core/session_sheet.ts). */
export { SESSION_EVENT };

export async function sheetOf(sql: SqlOrTx, session: repo.SessionRow): Promise<Sheet> {
  return buildSheet(session, await gamesOf(sql, session));
}

export async function gamesOf(sql: SqlOrTx, session: repo.SessionRow): Promise<BowlerGame[]> {
  const [bowlers, balls] = [
    await repo.listBowlers(sql, [session.id]),
    await repo.listCurrentBalls(sql, [session.id]),
  ];
  return scoreBowlers(bowlers, balls);
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

export async function requireUsers(sql: SqlOrTx, ids: readonly string[]): Promise<void> {
  const found = await repo.existingUsers(sql, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new DomainError("unknown_user", `Cannot find user "${missing}"`);
}

export async function audit(
  tx: SqlOrTx,
  actor: Actor | SystemActor,
  action: string,
  sessionId: string,
  detail: Record<string, unknown>,
) {
  await recordAudit(tx, {
    actor: userOf(actor),
    action,
    targetType: "session",
    targetId: sessionId,
    detail: "system" in actor ? { ...detail, system: actor.system } : detail,
    requestId: "requestId" in actor ? actor.requestId : undefined,
  });
}

/** After commit: the new sheet to the lane's subscribers, and a wake for the outbox. */
export function publish(deps: SessionDeps, sheet: Sheet): void {
  deps.live.publish(sheet.laneId, { type: SESSION_EVENT, data: sheet });
  deps.outbox?.wake();
}

export const stateOf = (b: BallInput) => ({ pinsStanding: pinsOf(b.standing), foul: b.foul });
export const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const unknownSession = (id: string) =>
  new DomainError("unknown_session", `Cannot find session "${id.slice(0, 64)}"`);
