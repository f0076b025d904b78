/**
 * Refresh tokens: opaque random strings, of which only the SHA-256 is stored.
 * Each one is spent by its first use, which issues the next one in the same
 * family (everything descended from one login: the family id is the login
 * id). No token of a family outlives the login's absolute lifetime, however
 * often it is rotated. Spending is a single
 * `update … where used_at is null … returning`, so of two concurrent uses of
 * one token exactly one wins; the other sees a spent token, which is how a
 * replay looks, and the caller revokes the family.
 *
 * @example
 * ```ts
 * const { token } = await issueRefreshToken(sql, {
 *   userId, familyId: crypto.randomUUID(), ttlSeconds: 3600, absoluteTtlSeconds: 30 * 86400,
 * });
 * const spent = await spendRefreshToken(sql, token); // { ok: true, userId, familyId, startedAt }
 * await spendRefreshToken(sql, token); // { ok: false, reason: "reused", … }
 * ```
 * @module
 */
import { base64url } from "jose";
import type { SqlOrTx } from "../db.ts";

/** Random bytes in a token (256 bits). */
export const REFRESH_TOKEN_BYTES = 32;

export type SpendResult =
  | { ok: true; userId: string; familyId: string; startedAt: Date }
  | { ok: false; reason: "unknown" }
  | { ok: false; reason: "reused" | "expired" | "revoked"; userId: string; familyId: string };

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A new token in `familyId`, valid for `ttlSeconds` but not beyond
 * `absoluteTtlSeconds` after the login's start (`startedAt`; now for a new
 * login); only its hash is stored.
 */
export async function issueRefreshToken(
  sql: SqlOrTx,
  o: {
    userId: string;
    familyId: string;
    ttlSeconds: number;
    absoluteTtlSeconds: number;
    startedAt?: Date;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = base64url.encode(crypto.getRandomValues(new Uint8Array(REFRESH_TOKEN_BYTES)));
  const [row] = await sql<{ expires_at: Date }[]>`
    insert into refresh_tokens (id, family_id, user_id, token_hash, expires_at)
    values (${crypto.randomUUID()}, ${o.familyId}, ${o.userId}, ${await hashToken(token)},
            least(now() + make_interval(secs => ${o.ttlSeconds}),
                  coalesce(${o.startedAt ?? null}::timestamptz, now())
                    + make_interval(secs => ${o.absoluteTtlSeconds})))
    returning expires_at`;
  return { token, expiresAt: row.expires_at };
}

/**
 * Marks the token used if it is live (not used, revoked or expired) and says
 * whose it was and when its login began; otherwise says why not. Does not
 * revoke anything itself.
 */
export async function spendRefreshToken(sql: SqlOrTx, token: string): Promise<SpendResult> {
  const hash = await hashToken(token);
  const [won] = await sql<{ user_id: string; family_id: string; started_at: Date }[]>`
    update refresh_tokens set used_at = now()
    where token_hash = ${hash} and used_at is null and revoked_at is null and expires_at > now()
    returning user_id, family_id,
      (select min(f.issued_at) from refresh_tokens f where f.family_id = refresh_tokens.family_id)
        as started_at`;
  if (won) {
    return { ok: true, userId: won.user_id, familyId: won.family_id, startedAt: won.started_at };
  }
  const [row] = await sql<
    { user_id: string; family_id: string; used_at: Date | null; revoked_at: Date | null }[]
  >`
    select user_id, family_id, used_at, revoked_at from refresh_tokens where token_hash = ${hash}`;
  if (!row) return { ok: false, reason: "unknown" };
  const reason = row.used_at ? "reused" : row.revoked_at ? "revoked" : "expired";
  return { ok: false, reason, userId: row.user_id, familyId: row.family_id };
}

/** Revokes every live token of a family; answers how many. */
export async function revokeFamily(sql: SqlOrTx, familyId: string): Promise<number> {
  const rows = await sql`
    update refresh_tokens set revoked_at = now()
    where family_id = ${familyId} and revoked_at is null and used_at is null`;
  return rows.count;
}

/** Revokes every live token of a user, but those of `exceptFamily`. */
export async function revokeUserTokens(
  sql: SqlOrTx,
  userId: string,
  exceptFamily?: string,
): Promise<number> {
  const rows = await sql`
    update refresh_tokens set revoked_at = now()
    where user_id = ${userId} and revoked_at is null and used_at is null
      and (${exceptFamily ?? null}::uuid is null or family_id <> ${exceptFamily ?? null}::uuid)`;
  return rows.count;
}

/** The family of a token as presented (null if unknown), whatever its state. */
export async function familyOf(
  sql: SqlOrTx,
  token: string,
): Promise<{ familyId: string; userId: string } | null> {
  const [row] = await sql<{ family_id: string; user_id: string }[]>`
    select family_id, user_id from refresh_tokens where token_hash = ${await hashToken(token)}`;
  return row ? { familyId: row.family_id, userId: row.user_id } : null;
}
