/**
 * A spectator becomes a bettor: with a believable date of birth, at least
 * `minAge` years old, having accepted the terms, they get a bettor profile
 * and the role `bettor` (one transaction, audited as `user.bettor`). Staff
 * and admins may not bet. Asking again as a bettor answers the profile
 * kept. A user whose role was taken back from bettor by an admin (a profile
 * but no longer the role) is refused: only an admin gives it back.
 *
 * The guard reads a user's role from their standing, not from the access
 * token, so after the cached standing is dropped the next request with the
 * same token already acts as a bettor; no new token is needed.
 */
import { ageOn, assertBelievableBirthDate } from "../../core/betting_age.ts";
import { DomainError } from "../../core/errors.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Standing } from "../auth/standing.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { getUser, lockUsers, updateUser, type User } from "../users/repo.ts";

/** The terms a bettor accepts (stored with the profile). */
export const BETTING_TERMS_VERSION = "2026-12";

export interface BettorProfile {
  dateOfBirth: string;
  acceptedAt: Date;
}

export async function bettorProfile(sql: SqlOrTx, userId: string): Promise<BettorProfile | null> {
  const [row] = await sql<{ date_of_birth: string; accepted_at: Date }[]>`
    select to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth, accepted_at
    from bettor_profiles where user_id = ${userId}`;
  return row ? { dateOfBirth: row.date_of_birth, acceptedAt: row.accepted_at } : null;
}

export async function becomeBettor(
  o: { sql: Sql; standing: Standing; minAge: number; now?: () => Date },
  actor: AuthUser,
  input: { dateOfBirth: string },
  requestId?: string,
): Promise<{ user: User; bettor: BettorProfile }> {
  const today = (o.now ?? (() => new Date()))();
  assertBelievableBirthDate(input.dateOfBirth, today);
  const result = await o.sql.begin(async (tx) => {
    await lockUsers(tx, [actor.id]);
    const user = await getUser(tx, actor.id);
    if (!user) throw new DomainError("unknown_user", "The account no longer exists");
    if (user.role === "staff" || user.role === "admin") {
      throw new DomainError("staff_may_not_bet", "Staff and admins may not bet");
    }
    const kept = await bettorProfile(tx, user.id);
    if (kept && user.role === "bettor") return { user, bettor: kept };
    if (kept) {
      throw new DomainError(
        "betting_revoked",
        "Betting was turned off for this account by an admin",
      );
    }
    const age = ageOn(input.dateOfBirth, today);
    if (age < o.minAge) {
      throw new DomainError("too_young", `Betting needs an age of at least ${o.minAge}`, {
        minAge: o.minAge,
      });
    }
    await tx`
      insert into bettor_profiles (user_id, date_of_birth, terms_version)
      values (${user.id}, ${input.dateOfBirth}, ${BETTING_TERMS_VERSION})`;
    await recordAudit(tx, {
      actor,
      action: "user.bettor",
      targetType: "user",
      targetId: user.id,
      detail: { from: user.role, to: "bettor", termsVersion: BETTING_TERMS_VERSION },
      requestId,
    });
    const changed = user.role === "bettor"
      ? user
      : await updateUser(tx, user.id, { role: "bettor" });
    return { user: changed ?? user, bettor: (await bettorProfile(tx, user.id))! };
  });
  await o.standing.forget(actor.id);
  return result;
}
