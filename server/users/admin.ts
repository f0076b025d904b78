/**
 * What an admin may change about a user: role, disabled, display name. Each
 * field that really changes writes one audit entry (`user.role`,
 * `user.disable` / `user.enable`, `user.rename`) in the transaction of the
 * change. Disabling revokes the user's refresh tokens. An admin cannot
 * demote or disable themselves (409 `cannot_change_self`), so whoever holds
 * the console can always get back in.
 *
 * The acting admin is read again inside the transaction (both rows locked,
 * in id order): one demoted or disabled since their access token was checked
 * (two admins demoting each other at once) gets 403 `forbidden`. After the
 * change the user's cached standing is dropped, so their access tokens carry
 * the new role, or stop working, on their next request.
 */
import { DomainError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Role } from "../auth/roles.ts";
import type { Standing } from "../auth/standing.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { revokeUserTokens } from "./refresh_tokens.ts";
import { getUser, lockUsers, updateUser, type User, type UserPatch } from "./repo.ts";

export interface AdminPatch {
  role?: Role;
  disabled?: boolean;
  displayName?: string;
}

export async function adminUpdateUser(
  o: { sql: Sql; standing: Standing },
  actor: AuthUser,
  id: string,
  patch: AdminPatch,
  requestId?: string,
): Promise<User> {
  if (
    id === actor.id &&
    ((patch.role !== undefined && patch.role !== "admin") || patch.disabled === true)
  ) {
    throw new DomainError("cannot_change_self", "Admins cannot demote or disable themselves");
  }
  const changed = await o.sql.begin(async (tx) => {
    await lockUsers(tx, [actor.id, id]);
    await assertStillAdmin(tx, actor.id);
    const before = await getUser(tx, id);
    if (!before) throw new DomainError("unknown_user", `Cannot find user "${id.slice(0, 64)}"`);
    const change: UserPatch = {};
    const audit = (action: string, detail: Record<string, unknown>) =>
      recordAudit(tx, { actor, action, targetType: "user", targetId: id, detail, requestId });

    if (patch.role !== undefined && patch.role !== before.role) {
      change.role = patch.role;
      await audit("user.role", { from: before.role, to: patch.role });
    }
    if (patch.disabled !== undefined && patch.disabled !== before.disabled) {
      change.disabled = patch.disabled;
      const revoked = patch.disabled ? await revokeUserTokens(tx, id) : 0;
      await audit(
        patch.disabled ? "user.disable" : "user.enable",
        patch.disabled ? { refreshTokensRevoked: revoked } : {},
      );
    }
    if (patch.displayName !== undefined && patch.displayName !== before.displayName) {
      change.displayName = patch.displayName;
      await audit("user.rename", { from: before.displayName, to: patch.displayName });
    }
    return (await updateUser(tx, id, change)) ?? before;
  });
  await o.standing.forget(id);
  return changed;
}

/** 403 unless `actorId` is, inside this transaction, an enabled admin. */
async function assertStillAdmin(tx: SqlOrTx, actorId: string): Promise<void> {
  const actor = await getUser(tx, actorId);
  if (!actor || actor.disabled || actor.role !== "admin") {
    throw new DomainError("forbidden", 'This needs the role "admin"');
  }
}
