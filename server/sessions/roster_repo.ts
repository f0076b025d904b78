/**
 * Data access for who may join a session and who is on it: the session's
 * check-in code generation and staff removing a bowler. Plain queries, no
 * rules (those are in check_in.ts and remove_bowler.ts).
 */
import type { SqlOrTx } from "../db.ts";
import { isUuid } from "./repo.ts";

/** The session's current check-in code generation (1 until staff rotate it), or null. */
export async function getCheckInGeneration(
  sql: SqlOrTx,
  sessionId: string,
): Promise<number | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await sql<{ g: number }[]>`
    select check_in_generation as g from bowling_sessions where id = ${sessionId}`;
  return row?.g ?? null;
}

/** Voids every code handed out so far; returns the new generation. */
export async function bumpCheckInGeneration(sql: SqlOrTx, sessionId: string): Promise<number> {
  const [row] = await sql<{ g: number }[]>`
    update bowling_sessions set check_in_generation = check_in_generation + 1
    where id = ${sessionId}
    returning check_in_generation as g`;
  return row.g;
}

export interface RosterBowler {
  id: string;
  name: string;
  userId: string | null;
  removed: boolean;
  /** Balls bowled (current versions). */
  balls: number;
}

/** One bowler of the session, or null when the session has no such bowler. */
export async function getRosterBowler(
  sql: SqlOrTx,
  sessionId: string,
  bowlerId: string,
): Promise<RosterBowler | null> {
  if (!isUuid(bowlerId)) return null;
  const [row] = await sql<
    { id: string; name: string; user_id: string | null; removed: boolean; balls: number }[]
  >`
    select b.id, b.name, b.user_id, b.removed_at is not null as removed,
           (select count(distinct seq) from session_balls s where s.bowler_id = b.id)::int as balls
    from session_bowlers b
    where b.session_id = ${sessionId} and b.id = ${bowlerId}`;
  return row
    ? { id: row.id, name: row.name, userId: row.user_id, removed: row.removed, balls: row.balls }
    : null;
}

export async function markBowlerRemoved(
  sql: SqlOrTx,
  bowlerId: string,
  by: string | null,
  reason: string,
): Promise<void> {
  await sql`
    update session_bowlers set removed_at = now(), removed_by = ${by}, removed_reason = ${reason}
    where id = ${bowlerId}`;
}
