/**
 * A user's standing now: their role, whether they are disabled, and whether
 * the login an access token belongs to is still live (a login is one sign-in
 * and the chain of refresh tokens rotated from it; it ends at logout, at a
 * password change made from another login, when the account is disabled, or
 * when its refresh token runs out). The guard reads it on every request that
 * carries an access token, so a demotion, a disable or a logout takes effect
 * at once instead of when the token expires.
 *
 * Answers are cached in Deno KV for {@linkcode STANDING_TTL_MS}, one entry
 * per user. Every change to a user's role, disabled flag or logins calls
 * {@linkcode Standing.forget}, which overwrites that entry with a marker; a
 * read that fetched from the database meanwhile writes its answer only if
 * the entry is still the one it saw (an atomic check), so a read that raced
 * a change never caches the state from before it. A change made by hand in
 * SQL shows within the TTL.
 *
 * @example
 * ```ts
 * const standing = createStanding({ sql, kv });
 * const now = await standing.of(userId, loginId); // { role, disabled, loginLive } or null
 * await standing.forget(userId); // after demoting, disabling or logging out
 * ```
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import { KEYS } from "../kv.ts";
import type { Role } from "./roles.ts";

/** How long a cached standing is believed. */
export const STANDING_TTL_MS = 30_000;
/** Logins remembered per cached user; a user with more starts a fresh entry. */
const MAX_LOGINS = 32;

export interface UserStanding {
  role: Role;
  disabled: boolean;
  /** The login asked about is live; true when no login was named. */
  loginLive: boolean;
}

interface Cached {
  role: Role;
  disabled: boolean;
  /** Login id → live, for the logins asked about since the entry was made. */
  logins: Record<string, boolean>;
}

type Entry = Cached | { stale: true };

export interface Standing {
  /** The user's standing, or null when there is no such user. */
  of(userId: string, loginId?: string): Promise<UserStanding | null>;
  /** Drops what is cached about the user; call it after every change to them. */
  forget(userId: string): Promise<void>;
}

export function createStanding(o: { sql: SqlOrTx; kv: Deno.Kv; ttlMs?: number }): Standing {
  const ttl = o.ttlMs ?? STANDING_TTL_MS;
  return {
    async of(userId, loginId) {
      const key = KEYS.standing(userId);
      const entry = await o.kv.get<Entry>(key);
      const cached = entry.value && !("stale" in entry.value) ? entry.value : null;
      if (cached && (loginId === undefined || loginId in cached.logins)) {
        return answer(cached, loginId);
      }
      const [row] = await o.sql<{ role: Role; disabled: boolean; live: boolean }[]>`
        select u.role, u.disabled,
          (${loginId ?? null}::uuid is null or exists (
            select 1 from refresh_tokens t
            where t.family_id = ${loginId ?? null}::uuid and t.user_id = u.id
              and t.used_at is null and t.revoked_at is null and t.expires_at > now()
          )) as live
        from users u where u.id = ${userId}`;
      if (!row) return null;
      const known = cached && Object.keys(cached.logins).length < MAX_LOGINS ? cached.logins : {};
      const next: Cached = {
        role: row.role,
        disabled: row.disabled,
        logins: loginId === undefined ? known : { ...known, [loginId]: row.live },
      };
      // Only if nothing changed since the read above; otherwise the next request reads again.
      await o.kv.atomic().check(entry).set(key, next, { expireIn: ttl }).commit();
      return answer(next, loginId);
    },
    async forget(userId) {
      await o.kv.set(KEYS.standing(userId), { stale: true } satisfies Entry, { expireIn: ttl });
    },
  };
}

/** The standing of the app's users, from its database and KV. */
export function standingOf(deps: { db: { sql: SqlOrTx }; kv: Deno.Kv }): Standing {
  return createStanding({ sql: deps.db.sql, kv: deps.kv });
}

function answer(c: Cached, loginId: string | undefined): UserStanding {
  return {
    role: c.role,
    disabled: c.disabled,
    loginLive: loginId === undefined || c.logins[loginId] === true,
  };
}
