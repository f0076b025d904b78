/**
 * Data access for "My games": the sessions a user bowled in (as a bowler
 * linked to their account, newest first), and the facts of the shots on
 * their balls. Rows in, camelCase out.
 * @module
 */
import type { ShotFacts } from "../../core/bowler_stats.ts";
import type { SqlOrTx } from "../db.ts";
import { metricsOf, type MetricsRow } from "../shots/repo.ts";
import { isUuid, type SessionDbRow, type SessionRow, toSession } from "../sessions/repo.ts";

/** A session the user bowled in, with their bowler row's id and the lane's name. */
export interface UserGameRow {
  session: SessionRow;
  bowlerId: string;
  laneName: string;
}

interface UserGameDbRow extends SessionDbRow {
  bowler_id: string;
  lane_name: string;
}

/**
 * The user's sessions, newest first; `before` (a session id) starts after
 * that session. A `before` that is not a session gives no rows.
 */
export async function listUserGames(
  sql: SqlOrTx,
  userId: string,
  q: { limit: number; before?: string },
): Promise<UserGameRow[]> {
  const before = q.before ?? null;
  if (before !== null && !isUuid(before)) return [];
  const rows = await sql<UserGameDbRow[]>`
    select s.*, b.id as bowler_id, l.name as lane_name
    from session_bowlers b
    join bowling_sessions s on s.id = b.session_id
    join lanes l on l.id = s.lane_id
    where b.user_id = ${userId}
      and (${before}::uuid is null or (s.opened_at, s.id) < (
        select opened_at, id from bowling_sessions where id = ${before}::uuid
      ))
    order by s.opened_at desc, s.id desc
    limit ${q.limit}`;
  return rows.map((r) => ({ session: toSession(r), bowlerId: r.bowler_id, laneName: r.lane_name }));
}

/** The id of the user's bowler row in the session, or null when they did not bowl in it. */
export async function userBowlerId(
  sql: SqlOrTx,
  sessionId: string,
  userId: string,
): Promise<string | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await sql<{ id: string }[]>`
    select id from session_bowlers where session_id = ${sessionId} and user_id = ${userId}`;
  return row?.id ?? null;
}

/** Release time and metrics of each of the shots, by id (unknown ids are left out). */
export async function shotFacts(
  sql: SqlOrTx,
  ids: readonly string[],
): Promise<Map<string, ShotFacts>> {
  if (!ids.length) return new Map();
  const rows = await sql<({ id: string; released_at: Date } & MetricsRow)[]>`
    select id, released_at, launch_speed_mph, entry_speed_mph, arrows_board, breakpoint_board,
      breakpoint_ft, entry_board, entry_angle_deg
    from shots where id = any(${ids as string[]}::text[])`;
  return new Map(
    rows.map((r) => [r.id, { releasedAtMs: r.released_at.getTime(), metrics: metricsOf(r) }]),
  );
}
