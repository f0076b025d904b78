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
 * In front of KV, each process keeps what it read for {@linkcode STANDING_MEMO_MS}
 * (a KV read is a synchronous SQLite read on the event loop: 8 % of the
 * server's JavaScript time per bet in a profile of the markets benchmark).
 * `forget` drops the process's memo at once, and a read that was in flight
 * across any `forget` is not memoized, so within one process a change still
 * takes effect at once; another process sharing the KV store sees it within
 * the memo's time.
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
/** How long a process believes what it read from KV (forget() clears it at once). */
export const STANDING_MEMO_MS = 1_000;
/** Users memoized per process before the memo starts over. */
const MAX_MEMO = 10_000;
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

/** A process's memo in front of one KV store: standings by user, and forget()s so far. */
interface Memo {
  users: Map<string, { cached: Cached; until: number }>;
  forgets: number;
}

/** One memo per KV store, shared by every Standing made on it (routes make their own). */
const memos = new WeakMap<Deno.Kv, Memo>();

function memoOf(kv: Deno.Kv): Memo {
  let memo = memos.get(kv);
  if (!memo) memos.set(kv, memo = { users: new Map(), forgets: 0 });
  return memo;
}

export function createStanding(
  o: { sql: SqlOrTx; kv: Deno.Kv; ttlMs?: number; memoMs?: number; now?: () => number },
): Standing {
  const ttl = o.ttlMs ?? STANDING_TTL_MS;
  const memoMs = o.memoMs ?? STANDING_MEMO_MS;
  const now = o.now ?? performance.now.bind(performance);
  const memo = memoOf(o.kv);
  const remember = (userId: string, cached: Cached, forgets: number) => {
    if (memoMs <= 0 || memo.forgets !== forgets) return;
    if (memo.users.size >= MAX_MEMO) memo.users.clear();
    memo.users.set(userId, { cached, until: now() + memoMs });
  };
  return {
    async of(userId, loginId) {
      const hit = memo.users.get(userId);
      if (hit && hit.until > now() && (loginId === undefined || loginId in hit.cached.logins)) {
        return answer(hit.cached, loginId);
      }
      const forgets = memo.forgets;
      const key = KEYS.standing(userId);
      const entry = await o.kv.get<Entry>(key);
      const cached = entry.value && !("stale" in entry.value) ? entry.value : null;
      if (cached && (loginId === undefined || loginId in cached.logins)) {
        remember(userId, cached, forgets);
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
      const saved = await o.kv.atomic().check(entry).set(key, next, { expireIn: ttl }).commit();
      if (saved.ok) remember(userId, next, forgets);
      return answer(next, loginId);
    },
    async forget(userId) {
      // Before and after the write: a read in flight across either is not memoized.
      memo.forgets++;
      memo.users.delete(userId);
      await o.kv.set(KEYS.standing(userId), { stale: true } satisfies Entry, { expireIn: ttl });
      memo.forgets++;
      memo.users.delete(userId);
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
