/**
 * The admin named by `ADMIN_EMAIL` / `ADMIN_PASSWORD`, made sure of at start:
 * created when missing; otherwise given the role admin, enabled, and given
 * that password (its other logins revoked) if it has another. Each change is
 * audited as the system (`user.bootstrap`, no actor), and the admin's cached
 * standing dropped. Running it again with the same settings changes nothing
 * and writes nothing.
 */
import { recordAudit } from "../audit/log.ts";
import type { Standing } from "../auth/standing.ts";
import type { Sql } from "../db.ts";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { revokeUserTokens } from "./refresh_tokens.ts";
import { findUserByEmail, insertUser, updateUser, type UserPatch } from "./repo.ts";

export const BOOTSTRAP_DISPLAY_NAME = "Admin";

export type BootstrapOutcome = "created" | "updated" | "unchanged";

export async function ensureAdmin(
  sql: Sql,
  o: { email: string; password: string },
  standing?: Standing,
): Promise<BootstrapOutcome> {
  const email = o.email.trim();
  const existing = await findUserByEmail(sql, email);
  if (!existing) {
    const passwordHash = await hashPassword(o.password);
    const created = await sql.begin(async (tx) => {
      const user = await insertUser(tx, {
        email,
        displayName: BOOTSTRAP_DISPLAY_NAME,
        role: "admin",
        passwordHash,
      });
      if (user) {
        await recordAudit(tx, {
          actor: null,
          action: "user.bootstrap",
          targetType: "user",
          targetId: user.id,
          detail: { created: true },
        });
      }
      return user !== null;
    });
    // Another process created it meanwhile: make sure of it as an existing one.
    return created ? "created" : await ensureAdmin(sql, o, standing);
  }

  const passwordOk = !needsRehash(existing.passwordHash) &&
    await verifyPassword(existing.passwordHash, o.password);
  const change: UserPatch = {};
  if (existing.role !== "admin") change.role = "admin";
  if (existing.disabled) change.disabled = false;
  if (!passwordOk) change.passwordHash = await hashPassword(o.password);
  if (!Object.keys(change).length) return "unchanged";

  await sql.begin(async (tx) => {
    await updateUser(tx, existing.id, change);
    const revoked = change.passwordHash ? await revokeUserTokens(tx, existing.id) : 0;
    await recordAudit(tx, {
      actor: null,
      action: "user.bootstrap",
      targetType: "user",
      targetId: existing.id,
      detail: {
        ...(change.role ? { role: { from: existing.role, to: "admin" } } : {}),
        ...(change.disabled === false ? { enabled: true } : {}),
        ...(change.passwordHash ? { passwordReset: true, refreshTokensRevoked: revoked } : {}),
      },
    });
  });
  await standing?.forget(existing.id);
  return "updated";
}
