/**
 * The one place the app gets `sql`: a postgres.js client for real PostgreSQL
 * (`DATABASE_URL`) or, when none is configured, for an embedded PGlite.
 *
 * Use tagged templates only, and `sql.begin` for multi-statement writes.
 * Rows come back with their column names as they are (snake_case); map them
 * to camelCase in the module that owns the table. `bigint` columns come back
 * as strings (postgres.js default).
 *
 * @example
 * ```ts
 * import { createDb } from "./db.ts";
 *
 * await using db = await createDb({ dataDir: "memory://" });
 * const [{ one }] = await db.sql`select 1 as one`;
 * ```
 * @module
 */
import postgres from "postgres";
import { guardDroppedConnections } from "./db_guard.ts";
import { PGLITE_CLIENT_OPTIONS, startPglite } from "./pglite_server.ts";

/** The postgres.js tagged-template client. */
export type Sql = postgres.Sql;
/** `sql` itself or the transaction handle `sql.begin` passes in. */
export type SqlOrTx = postgres.Sql | postgres.TransactionSql;

export type DbKind = "pglite" | "postgres";

/** A piece of a statement (`sql\`…\`` not awaited). */
export type SqlFragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * `where` with only the conditions that apply (false/undefined ones left
 * out), joined by `and`. Each combination is its own statement, so its plan
 * uses the indexes its conditions allow: a `($1 is null or col = $1)` in one
 * catch-all statement gets a generic plan that scans the whole table.
 */
export function whereAll(
  sql: SqlOrTx,
  conditions: readonly (SqlFragment | false | null | undefined)[],
): SqlFragment {
  const parts = conditions.filter((c): c is SqlFragment => !!c);
  if (!parts.length) return sql``;
  return parts.slice(1).reduce((all, c) => sql`${all} and ${c}`, sql`where ${parts[0]}`);
}

/**
 * Awaits statements sent together on one transaction's connection, and only
 * once every one of them has finished throws the first error. `Promise.all`
 * would throw at the first failure while the others still run, so the caller's
 * rollback could be queued among them.
 */
export async function allOnConnection<T extends readonly unknown[]>(
  work: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export interface DbOptions {
  /** PostgreSQL URL; when unset, PGlite is started instead. */
  databaseUrl?: string;
  /** PGlite's folder (or `"memory://"`); unused with `databaseUrl`. */
  dataDir: string;
  /** Pool size for real PostgreSQL (default 10). PGlite always uses 1. */
  maxConnections?: number;
}

export interface Db extends AsyncDisposable {
  readonly sql: Sql;
  readonly kind: DbKind;
  /** True when a trivial query answers within two seconds. */
  ping(): Promise<boolean>;
  /** Ends the client (letting running queries finish) and stops PGlite. */
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 2_000;
const END_TIMEOUT_S = 5;

/** Driver options shared by both kinds. */
const CLIENT_OPTIONS = {
  // PostgreSQL notices ("relation already exists, skipping") are not errors.
  onnotice: () => {},
  connection: { application_name: "lanecast" },
} satisfies postgres.Options<Record<string, never>>;

/** Connects to PostgreSQL, or starts PGlite when no URL is given. */
export async function createDb(options: DbOptions): Promise<Db> {
  guardDroppedConnections();
  if (options.databaseUrl) {
    const sql = postgres(options.databaseUrl, {
      ...CLIENT_OPTIONS,
      max: options.maxConnections ?? 10,
    });
    return wrap(sql, "postgres", async () => {});
  }
  const pglite = await startPglite({ dataDir: options.dataDir });
  const sql = postgres(pglite.url, { ...CLIENT_OPTIONS, ...PGLITE_CLIENT_OPTIONS });
  return wrap(sql, "pglite", pglite.close);
}

function wrap(sql: Sql, kind: DbKind, stopServer: () => Promise<void>): Db {
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      try {
        await sql.end({ timeout: END_TIMEOUT_S });
      } finally {
        await stopServer();
      }
    })();
  return {
    sql,
    kind,
    ping: () => ping(sql),
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function ping(sql: Sql): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const answer = sql`select 1 as ok`.then(([row]) => row?.ok === 1, () => false);
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
