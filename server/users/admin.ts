/**
 * What an admin may change about a user: role, disabled, display name. Each
 * field that really changes writes one audit entry (`user.role`,
 * `user.disable` / `user.enable`, `user.rename`) in the transaction of the
 * change. Disabling revokes the user's refresh tokens. An admin cannot
 * demote or disable themselves (409 `cannot_change_self`), so whoever holds
 * the console can always get back in.
 *
 * A new role reaches the user's access token at its next refresh.
 */
import { DomainError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Role } from "../auth/roles.ts";
import type { Sql } from "../db.ts";
import { revokeUserTokens } from "./refresh_tokens.ts";
import { getUser, updateUser, type User, type UserPatch } from "./repo.ts";

export interface AdminPatch {
  role?: Role;
  disabled?: boolean;
  displayName?: string;
}

export async function adminUpdateUser(
  sql: Sql,
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
  return await sql.begin(async (tx) => {
    const before = await getUser(tx, id, { forUpdate: true });
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
}
