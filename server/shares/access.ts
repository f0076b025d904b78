/**
 * Who may share a shot: staff, the bowler whose ball it was, and whoever
 * opened the bowler's session. Anyone else (another bowler, a spectator
 * holding a shot id off the public shot list) is refused; a shot no session
 * scored can be shared by staff only.
 */
import { DomainError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { SqlOrTx } from "../db.ts";

/** The shape of a shot id (as `shots_id_shape`). */
const SHOT_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const isStaff = (user: Pick<AuthUser, "role">) => STAFF.includes(user.role);

/** Throws `unknown_shot` when there is no such shot. */
export async function assertShot(sql: SqlOrTx, shotId: string): Promise<void> {
  const found = SHOT_ID.test(shotId) &&
    (await sql`select 1 from shots where id = ${shotId}`).length > 0;
  if (!found) throw new DomainError("unknown_shot", `Cannot find shot "${shotId.slice(0, 64)}"`);
}

/** Throws `unknown_shot`, or `shot_not_yours` when `user` may not share `shotId`. */
export async function assertMayShare(
  sql: SqlOrTx,
  user: Pick<AuthUser, "id" | "role">,
  shotId: string,
): Promise<void> {
  await assertShot(sql, shotId);
  if (isStaff(user)) return;
  const [mine] = await sql`
    select 1 from session_balls b
    join session_bowlers w on w.id = b.bowler_id
    join bowling_sessions s on s.id = b.session_id
    where b.shot_id = ${shotId} and (w.user_id = ${user.id} or s.opened_by = ${user.id})
    limit 1`;
  if (!mine) {
    throw new DomainError(
      "shot_not_yours",
      "Only the shot's bowler, whoever opened its session, or staff may share it",
    );
  }
}
