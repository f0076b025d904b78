/**
 * Data access for users: plain queries in, camelCase {@linkcode User}s out.
 * Emails are stored as given (trimmed) and matched ignoring case, as the
 * unique index on `lower(email)` does. No errors of its own: a missing user is
 * `null`, a taken email makes {@linkcode insertUser} answer `null`.
 *
 * @example
 * ```ts
 * import { createDb } from "../db.ts";
 * import { migrate } from "../migrate.ts";
 * import { findUserByEmail, insertUser } from "./repo.ts";
 *
 * await using db = await createDb({ dataDir: "memory://" });
 * await migrate(db.sql);
 * await insertUser(db.sql, { email: "Ada@example.com", displayName: "Ada", role: "spectator", passwordHash: "…" });
 * const ada = await findUserByEmail(db.sql, "ada@EXAMPLE.com"); // found
 * ```
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import type { Role } from "../auth/roles.ts";

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

/** Fields to change; those left out keep their value. */
export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export interface UserQuery {
  /** Part of the email or display name, any case. */
  query?: string;
  role?: Role;
  limit: number;
  /** Only users listed after this one (newest first). */
  before?: string;
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = {
  displayName: "display_name",
  role: "role",
  disabled: "disabled",
  passwordHash: "password_hash",
} as const satisfies Record<keyof UserPatch, keyof UserRow>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The new user, or null when the email is taken (ignoring case). */
export async function insertUser(sql: SqlOrTx, u: NewUser): Promise<User | null> {
  const [row] = await sql<UserRow[]>`
    insert into users (email, display_name, role, password_hash)
    values (${u.email}, ${u.displayName}, ${u.role}, ${u.passwordHash})
    on conflict (lower(email)) do nothing
    returning *`;
  return row ? toUser(row) : null;
}

export async function findUserByEmail(sql: SqlOrTx, email: string): Promise<UserWithHash | null> {
  const [row] = await sql<UserRow[]>`select * from users where lower(email) = lower(${email})`;
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

/** The user with `id` (lock it first with {@linkcode lockUsers} to change it). */
export async function getUser(sql: SqlOrTx, id: string): Promise<UserWithHash | null> {
  if (!UUID.test(id)) return null;
  const [row] = await sql<UserRow[]>`select * from users where id = ${id}`;
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

/** Locks the rows of `ids` until the transaction ends, in id order (no deadlock between two lockers). */
export async function lockUsers(tx: SqlOrTx, ids: string[]): Promise<void> {
  const valid = [...new Set(ids.filter((id) => UUID.test(id)))].sort();
  if (valid.length) {
    await tx`select id from users where id in ${tx(valid)} order by id for update`;
  }
}

/** Users newest first, filtered by a case-insensitive substring of email or name and by role. */
export async function listUsers(sql: SqlOrTx, q: UserQuery): Promise<User[]> {
  const like = q.query ? `%${q.query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  const before = q.before && UUID.test(q.before) ? q.before : null;
  if (q.before && !before) return [];
  const rows = await sql<UserRow[]>`
    select * from users
    where (${like}::text is null or email ilike ${like} or display_name ilike ${like})
      and (${q.role ?? null}::text is null or role = ${q.role ?? null})
      and (${before}::uuid is null or (created_at, id) < (select created_at, id from users where id = ${before}::uuid))
    order by created_at desc, id desc
    limit ${q.limit}`;
  return rows.map(toUser);
}

/** Applies `patch` and bumps `updated_at`; null when there is no such user. */
export async function updateUser(sql: SqlOrTx, id: string, patch: UserPatch): Promise<User | null> {
  if (!UUID.test(id)) return null;
  const set: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = patch[key as keyof UserPatch];
    if (value !== undefined) set[column] = value;
  }
  const [row] = Object.keys(set).length
    ? await sql<UserRow[]>`update users set ${
      sql(set)
    }, updated_at = now() where id = ${id} returning *`
    : await sql<UserRow[]>`select * from users where id = ${id}`;
  return row ? toUser(row) : null;
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
