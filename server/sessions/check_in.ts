/** A signed-in user checks in to a lane's open session as its next bowler. */
import { HttpError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql } from "../db.ts";
import * as repo from "./repo.ts";
import type { Sheet } from "./sheet.ts";
import { publish, requireLane, type SessionDeps, sheetOf } from "./common.ts";
import { insertBowler } from "./bowlers.ts";

/** Adds the caller (by their display name) to the lane's open session. */
export async function checkIn(
  sql: Sql,
  deps: SessionDeps,
  laneId: string,
  user: AuthUser,
): Promise<Sheet> {
  const sheet = await sql.begin(async (tx) => {
    await requireLane(tx, laneId, false);
    const id = await repo.getOpenSessionId(tx, laneId);
    const session = id ? await repo.getSession(tx, id, true) : null;
    if (!session || session.status !== "open") {
      throw new HttpError(409, "no_session", `Lane "${laneId}" has no open session to check in to`);
    }
    const name = await repo.userName(tx, user.id);
    if (name === null) {
      throw new HttpError(401, "unknown_user", "The account of this token no longer exists");
    }
    await insertBowler(tx, session, { name: name.slice(0, 40), userId: user.id });
    return await sheetOf(tx, session);
  });
  publish(deps, sheet);
  return sheet;
}
