/**
 * Data access for the outbox table (migrations/00007_outbox.sql): writers
 * `enqueue` a fact's follow-up inside their own transaction; the consumer
 * claims, locks, finishes or fails rows; staff read the counts and the dead.
 * Rows in, camelCase {@linkcode OutboxFact}s out.
 *
 * @example
 * ```ts ignore
 * await sql.begin(async (tx) => {
 *   await insertShot(tx, laneId, report, status);
 *   await enqueue(tx, "shot.score", report.id, { laneId });
 * });
 * ```
 * @module
 */
import type postgres from "postgres";
import type { SqlOrTx } from "../db.ts";

/** One follow-up of one fact, as a handler sees it. */
export interface OutboxFact {
  id: string;
  topic: string;
  factId: string;
  payload: Record<string, unknown>;
  /** Claims so far, this one included. */
  attempts: number;
  createdAt: Date;
}

export interface DeadFact extends OutboxFact {
  lastError: string | null;
  deadAt: Date;
}

export interface TopicCounts {
  topic: string;
  pending: number;
  dead: number;
  done: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  fact_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
  last_error: string | null;
  dead_at: Date | null;
}

/** Longest `last_error` kept. */
const MAX_ERROR_CHARS = 1000;

/**
 * Records that `topic` must follow fact `factId`; a second call for the same
 * pair changes nothing (true when this call wrote the row). Call it in the
 * transaction that stores the fact.
 */
export async function enqueue(
  tx: SqlOrTx,
  topic: string,
  factId: string,
  payload: Record<string, unknown> = {},
): Promise<boolean> {
  const rows = await tx`
    insert into outbox (topic, fact_id, payload) values (${topic}, ${factId}, ${
    tx.json(payload as postgres.JSONValue)
  })
    on conflict (topic, fact_id) do nothing
    returning id`;
  return rows.length === 1;
}

/**
 * Claims the oldest claimable row of `topics` (a row waits while an earlier
 * one of its topic and lane, payload `laneId`, is neither done nor dead, so
 * a lane's facts run in the order written even across retries): counts the attempt and leases
 * the row for `leaseMs` (no other consumer claims it meanwhile; a consumer
 * that dies holding it frees it when the lease ends). Committed on its own,
 * so an attempt that crashes the process still counts.
 */
export async function claimNext(
  sql: SqlOrTx,
  topics: readonly string[],
  leaseMs: number,
): Promise<OutboxFact | null> {
  const [row] = await sql<OutboxRow[]>`
    update outbox set attempts = attempts + 1,
      available_at = now() + ${leaseMs} * interval '1 millisecond'
    where id = (
      select id from outbox o
      where done_at is null and dead_at is null and available_at <= now()
        and topic = any(${topics as string[]})
        and not exists (
          select 1 from outbox earlier
          where earlier.topic = o.topic and earlier.id < o.id
            and earlier.payload->>'laneId' = o.payload->>'laneId'
            and earlier.done_at is null and earlier.dead_at is null
        )
      order by available_at, id
      limit 1
      for update skip locked
    )
    returning *`;
  return row ? toFact(row) : null;
}

/**
 * Locks a claimed row for its handler; null when it is done or dead by the
 * time the lock is ours. Waits for the lock rather than skipping: another
 * consumer's `claimNext` can hold a row it scanned but did not take for the
 * length of its statement, and skipping then left the fact waiting out its
 * whole lease. A consumer whose lease ran out while another ran the fact
 * waits for that run to commit and then sees it done.
 */
export async function lockPending(tx: SqlOrTx, id: string): Promise<OutboxFact | null> {
  const [row] = await tx<OutboxRow[]>`
    select * from outbox where id = ${id} and done_at is null and dead_at is null
    for update`;
  return row ? toFact(row) : null;
}

export async function markDone(tx: SqlOrTx, id: string): Promise<void> {
  await tx`update outbox set done_at = now(), last_error = null where id = ${id}`;
}

/** Records a failed attempt: retried after `retryInMs`, or dead when `dead`. */
export async function markFailed(
  tx: SqlOrTx,
  id: string,
  error: string,
  retryInMs: number,
  dead: boolean,
): Promise<void> {
  await tx`
    update outbox set last_error = ${error.slice(0, MAX_ERROR_CHARS)},
      available_at = now() + ${retryInMs} * interval '1 millisecond',
      dead_at = ${dead ? new Date() : null}
    where id = ${id} and done_at is null`;
}

/** Pending, dead and done rows per topic. */
export async function countByTopic(sql: SqlOrTx): Promise<TopicCounts[]> {
  const rows = await sql<{ topic: string; pending: number; dead: number; done: number }[]>`
    select topic,
      count(*) filter (where done_at is null and dead_at is null)::int as pending,
      count(*) filter (where dead_at is not null)::int as dead,
      count(*) filter (where done_at is not null)::int as done
    from outbox group by topic order by topic`;
  return rows.map((r) => ({ topic: r.topic, pending: r.pending, dead: r.dead, done: r.done }));
}

/** The most recently dead rows, newest first. */
export async function listDead(sql: SqlOrTx, limit: number): Promise<DeadFact[]> {
  const rows = await sql<OutboxRow[]>`
    select * from outbox where dead_at is not null order by dead_at desc, id desc limit ${limit}`;
  return rows.map((r) => ({ ...toFact(r), lastError: r.last_error, deadAt: r.dead_at as Date }));
}

/** Brings a dead row back with a fresh count of attempts; false when it is not dead. */
export async function revive(sql: SqlOrTx, id: string): Promise<boolean> {
  const rows = await sql`
    update outbox set dead_at = null, attempts = 0, available_at = now()
    where id = ${id} and dead_at is not null
    returning id`;
  return rows.length === 1;
}

function toFact(r: OutboxRow): OutboxFact {
  return {
    id: String(r.id),
    topic: r.topic,
    factId: r.fact_id,
    payload: r.payload,
    attempts: r.attempts,
    createdAt: r.created_at,
  };
}
