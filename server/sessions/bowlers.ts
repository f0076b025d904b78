/** Adding bowlers to an open session (staff, audited), at most MAX_BOWLERS, each user once. */
import { DomainError } from "../../core/problem.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import * as repo from "./repo.ts";
import type { Sheet } from "./sheet.ts";
import { MAX_BOWLERS } from "./schemas.ts";
import {
  type Actor,
  audit,
  type BowlerInput,
  lockOpen,
  publish,
  requireUsers,
  type SessionDeps,
  sheetOf,
} from "./common.ts";

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
