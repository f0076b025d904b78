/**
 * One runner at a time for a background job across every API instance on
 * one PostgreSQL: {@linkcode JobLock} runs a pass only while it holds the
 * job's session advisory lock (on a connection reserved for the pass), and
 * skips the pass when another instance holds it. The jobs' own SQL is also
 * safe to race (conditional updates, unique indexes, leases); the lock keeps
 * a second instance from doing the same pass again at the same moment. On
 * PGlite (one process, one connection) a pass just runs.
 *
 * @example
 * ```ts ignore
 * const lock = createJobLock(db);
 * const done = await lock("finalizer", () => finalizeDue(o)); // undefined: another instance had it
 * ```
 * @module
 */
import type { Db } from "../db.ts";

type Conn = Awaited<ReturnType<Db["sql"]["reserve"]>>;

/** Runs `fn` unless another instance runs job `name` now (then answers undefined). */
export type JobLock = <T>(name: string, fn: () => Promise<T>) => Promise<T | undefined>;

/** Advisory lock class of background jobs (the second number is the name's hash). */
const LOCK_CLASS = 0x6a6f;

/** A lock that never refuses (one process, or tests). */
export const runAlways: JobLock = (_name, fn) => fn();

/** Lets go of job `name`'s lock on `conn`: true when it did. */
async function unlockJob(conn: Conn, name: string): Promise<boolean> {
  const [{ ok }] = await conn<{ ok: boolean }[]>`
    select pg_advisory_unlock(${LOCK_CLASS}, hashtext(${name})) as ok`;
  return ok;
}

/**
 * `unlock` is for tests (an unlock that fails). When the unlock fails the
 * connection may still hold the lock, so it does not go back to the pool:
 * its session is ended (PostgreSQL drops a session's advisory locks with it)
 * and the pool opens a fresh connection in its place when needed.
 */
export function createJobLock(
  db: Pick<Db, "sql" | "kind">,
  { unlock = unlockJob }: { unlock?: (conn: Conn, name: string) => Promise<boolean> } = {},
): JobLock {
  if (db.kind === "pglite") return runAlways;
  return async (name, fn) => {
    const conn = await db.sql.reserve();
    let pooled = true;
    try {
      const [{ got }] = await conn<{ got: boolean }[]>`
        select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${name})) as got`;
      if (!got) return undefined;
      try {
        return await fn();
      } finally {
        if (!await unlock(conn, name).catch(() => false)) {
          pooled = false;
          console.warn(`job ${name}: cannot unlock it; closing its connection instead`);
          // Ends the session (and its locks); postgres.js then counts the connection closed.
          await conn`select pg_terminate_backend(pg_backend_pid())`.catch(() => {});
        }
      }
    } finally {
      if (pooled) conn.release();
    }
  };
}
