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

/** Runs `fn` unless another instance runs job `name` now (then answers undefined). */
export type JobLock = <T>(name: string, fn: () => Promise<T>) => Promise<T | undefined>;

/** Advisory lock class of background jobs (the second number is the name's hash). */
const LOCK_CLASS = 0x6a6f;

/** A lock that never refuses (one process, or tests). */
export const runAlways: JobLock = (_name, fn) => fn();

export function createJobLock(db: Pick<Db, "sql" | "kind">): JobLock {
  if (db.kind === "pglite") return runAlways;
  return async (name, fn) => {
    const conn = await db.sql.reserve();
    try {
      const [{ got }] = await conn<{ got: boolean }[]>`
        select pg_try_advisory_lock(${LOCK_CLASS}, hashtext(${name})) as got`;
      if (!got) return undefined;
      try {
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(${LOCK_CLASS}, hashtext(${name}))`;
      }
    } finally {
      conn.release();
    }
  };
}
