/**
 * Staff remove a bowler from an open session, with a reason: someone who
 * checked in who should not have, or a bowler who left. The bowler stays on
 * the sheet, marked removed, with every ball they bowled (the record is
 * never rewritten; a ball the AI gave them that was someone else's is put
 * right by a correction), and never gets a turn again: whose turn it is
 * skips them (sheet.ts `turnOf`), so the next ball, the AI's included, goes
 * to the next bowler still playing. The same account cannot check in to the
 * session again. Audited as `session.bowler_remove` in the same transaction.
 *
 * @example
 * ```ts ignore
 * await removeBowler(sql, deps, sessionId, bowlerId, "Not with this party", { user: staff });
 * ```
 * @module
 */
import { DomainError } from "../../core/problem.ts";
import type { Sql } from "../db.ts";
import { enqueueMarketsVoid } from "../markets/settle_topics.ts";
import { getRosterBowler, markBowlerRemoved } from "./roster_repo.ts";
import { type Actor, audit, lockOpen, publish, type SessionDeps, sheetOf } from "./common.ts";
import type { Sheet } from "./sheet.ts";

export async function removeBowler(
  sql: Sql,
  deps: SessionDeps,
  sessionId: string,
  bowlerId: string,
  reason: string,
  actor: Actor,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    const session = await lockOpen(tx, sessionId);
    const bowler = await getRosterBowler(tx, session.id, bowlerId);
    if (!bowler) {
      throw new DomainError(
        "unknown_bowler",
        `Cannot find bowler "${bowlerId.slice(0, 64)}" in session "${session.id}"`,
      );
    }
    if (bowler.removed) {
      throw new DomainError("bowler_removed", `"${bowler.name}" was already removed`);
    }
    await markBowlerRemoved(tx, bowler.id, actor.user.id, reason);
    await enqueueMarketsVoid(tx, session.laneId, {
      kind: "bowler-removed",
      sessionId: session.id,
      bowlerId: bowler.id,
    });
    await audit(tx, actor, "session.bowler_remove", session.id, {
      bowlerId: bowler.id,
      name: bowler.name,
      userId: bowler.userId,
      balls: bowler.balls,
      reason,
    });
    return await sheetOf(tx, session);
  });
  publish(deps, sheet);
  return sheet;
}
