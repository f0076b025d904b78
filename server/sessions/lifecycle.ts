/** Opening and closing a bowling session (staff or the server itself, audited). */
import { DomainError } from "../../core/problem.ts";
import type { Sql } from "../db.ts";
import { enqueueMarketsVoid } from "../markets/settle_topics.ts";
import * as repo from "./repo.ts";
import type { Sheet } from "./sheet.ts";
import {
  type Actor,
  audit,
  type BowlerInput,
  lockOpen,
  publish,
  requireLane,
  requireUsers,
  type SessionDeps,
  sheetOf,
  type SystemActor,
  userOf,
} from "./common.ts";
import { getSheet } from "./reads.ts";

export async function openSession(
  sql: Sql,
  deps: SessionDeps,
  laneId: string,
  bowlers: readonly BowlerInput[],
  actor: Actor | SystemActor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    await requireLane(tx, laneId, true);
    await requireUsers(tx, bowlers.flatMap((b) => b.userId ? [b.userId] : []));
    const system = "system" in actor ? actor.system : null;
    const session = await repo.insertSession(tx, laneId, userOf(actor)?.id ?? null, system);
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

export async function closeSession(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  actor: Actor | SystemActor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await lockOpen(tx, sessionId);
    await repo.closeSession(tx, session.id, userOf(actor)?.id ?? null);
    await enqueueMarketsVoid(tx, session.laneId, { kind: "session-closed", sessionId: session.id });
    await audit(tx, actor, "session.close", session.id, { laneId: session.laneId });
    return await getSheet(tx, session.id);
  });
  publish(deps, sheet);
  return sheet;
}
