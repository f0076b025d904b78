/**
 * Data access for bowling sessions: plain queries in, camelCase rows out, no
 * rules of their own (those are in service.ts). Ball rows are never changed;
 * the current ball of a bowler's `seq` is its highest `version`.
 */
import type { SqlOrTx } from "../db.ts";

export type SessionStatus = "open" | "closed";
export type BallSource = "manual" | "ai" | "correction";

export interface SessionRow {
  id: string;
  laneId: string;
  status: SessionStatus;
  openedAt: Date;
  closedAt: Date | null;
  /** The part of the server that opened it (e.g. "sim-keeper"); null when a person did. */
  openedBySystem?: string | null;
}

export interface BowlerRow {
  id: string;
  sessionId: string;
  position: number;
  name: string;
  userId: string | null;
  /** Removed by staff: kept with their balls, skipped for turns. */
  removed: boolean;
}

export interface BallRow {
  id: string;
  sessionId: string;
  bowlerId: string;
  seq: number;
  version: number;
  standing: number;
  foul: boolean;
  source: BallSource;
  shotId: string | null;
  confidence: number | null;
  /** A correction's reason, time and who made it (sheet reads only). */
  correction?: { reason: string; at: Date; by: string | null } | null;
  /** The AI's read is in review: its shot waits for staff, or a market on it is held (sheet reads only). */
  provisional?: boolean;
}

export interface NewBall {
  sessionId: string;
  bowlerId: string;
  seq: number;
  version: number;
  standing: number;
  foul: boolean;
  source: BallSource;
  shotId?: string | null;
  confidence?: number | null;
  recordedBy?: string | null;
  replacesId?: string | null;
  reason?: string | null;
  frame?: number | null;
  ballInFrame?: number | null;
}

export interface CorrectionRow {
  id: string;
  replacesId: string;
  bowlerId: string;
  bowlerName: string;
  frame: number | null;
  ballInFrame: number | null;
  fromStanding: number;
  fromFoul: boolean;
  fromSource: BallSource;
  toStanding: number;
  toFoul: boolean;
  reason: string;
  byId: string | null;
  byName: string | null;
  at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True when `id` can be a row id (so a malformed one is "not found", not a database error). */
export const isUuid = (id: string): boolean => UUID.test(id);
export const isBallId = (id: string): boolean => /^[1-9]\d{0,17}$/.test(id);

/** Opens a session; `null` when the lane already has an open one. */
export async function insertSession(
  sql: SqlOrTx,
  laneId: string,
  openedBy: string | null,
  openedBySystem: string | null = null,
  openedAt: Date | null = null,
): Promise<SessionRow | null> {
  const [row] = await sql<SessionDbRow[]>`
    insert into bowling_sessions (lane_id, opened_by, opened_by_system, opened_at)
    values (${laneId}, ${openedBy}, ${openedBySystem}, coalesce(${openedAt}::timestamptz, now()))
    on conflict do nothing
    returning *`;
  return row ? toSession(row) : null;
}

/** The session, locked for the rest of the transaction when `lock` is set. */
export async function getSession(
  sql: SqlOrTx,
  id: string,
  lock = false,
): Promise<SessionRow | null> {
  if (!isUuid(id)) return null;
  const [row] = lock
    ? await sql<SessionDbRow[]>`select * from bowling_sessions where id = ${id} for update`
    : await sql<SessionDbRow[]>`select * from bowling_sessions where id = ${id}`;
  return row ? toSession(row) : null;
}

export async function getOpenSessionId(sql: SqlOrTx, laneId: string): Promise<string | null> {
  const [row] = await sql<{ id: string }[]>`
    select id from bowling_sessions where lane_id = ${laneId} and status = 'open'`;
  return row?.id ?? null;
}

export async function listSessions(
  sql: SqlOrTx,
  q: { laneId?: string; status?: SessionStatus; limit: number },
): Promise<SessionRow[]> {
  const rows = await sql<SessionDbRow[]>`
    select * from bowling_sessions
    where (${q.laneId ?? null}::text is null or lane_id = ${q.laneId ?? null})
      and (${q.status ?? null}::text is null or status = ${q.status ?? null})
    order by opened_at desc, id
    limit ${q.limit}`;
  return rows.map(toSession);
}

export async function closeSession(
  sql: SqlOrTx,
  id: string,
  closedBy: string | null,
): Promise<void> {
  await sql`
    update bowling_sessions set status = 'closed', closed_at = now(), closed_by = ${closedBy}
    where id = ${id}`;
}

/** Adds bowlers after the session's current last position. */
export async function insertBowlers(
  sql: SqlOrTx,
  sessionId: string,
  bowlers: readonly { name: string; userId?: string | null }[],
): Promise<void> {
  const [{ last }] = await sql<{ last: number }[]>`
    select coalesce(max(position), 0)::int as last from session_bowlers where session_id = ${sessionId}`;
  const rows = bowlers.map((b, i) => ({
    session_id: sessionId,
    position: last + i + 1,
    name: b.name,
    user_id: b.userId ?? null,
  }));
  await sql`insert into session_bowlers ${sql(rows)}`;
}

/** Bowlers of the given sessions, in bowling order. */
export async function listBowlers(
  sql: SqlOrTx,
  sessionIds: readonly string[],
): Promise<BowlerRow[]> {
  if (!sessionIds.length) return [];
  const rows = await sql<BowlerDbRow[]>`
    select id, session_id, position, name, user_id, removed_at is not null as removed
    from session_bowlers
    where session_id = any(${sessionIds as string[]}::uuid[])
    order by session_id, position`;
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    position: r.position,
    name: r.name,
    userId: r.user_id,
    removed: r.removed,
  }));
}

/**
 * The current version of every ball of the given sessions, by bowler and seq,
 * with a correction's reason and author, and whether the ball is provisional:
 * its shot waits in the review queue, or a market on it waits for staff
 * (held for review, or disputed).
 */
export async function listCurrentBalls(
  sql: SqlOrTx,
  sessionIds: readonly string[],
): Promise<BallRow[]> {
  if (!sessionIds.length) return [];
  const rows = await sql<BallDbRow[]>`
    select c.*, u.display_name as by_name,
      c.shot_id is not null and (
        exists (
          select 1 from shots s
          where s.id = c.shot_id and s.status = 'review' and s.reviewed_at is null)
        or exists (
          select 1 from markets m
          where m.shot_id = c.shot_id and (m.state = 'disputed'
            or (m.review_reason is not null and m.state in ('open', 'suspended'))))
      ) as provisional
    from (
      select distinct on (bowler_id, seq)
        id, session_id, bowler_id, seq, version, standing, foul, source, shot_id, confidence,
        reason, recorded_at, recorded_by
      from session_balls
      where session_id = any(${sessionIds as string[]}::uuid[])
      order by bowler_id, seq, version desc
    ) c
    left join users u on u.id = c.recorded_by
    order by c.bowler_id, c.seq`;
  return rows.map(toBall);
}

export async function getBall(
  sql: SqlOrTx,
  sessionId: string,
  id: string,
): Promise<BallRow | null> {
  if (!isBallId(id)) return null;
  const [row] = await sql<BallDbRow[]>`
    select id, session_id, bowler_id, seq, version, standing, foul, source, shot_id, confidence
    from session_balls where id = ${id} and session_id = ${sessionId}`;
  return row ? toBall(row) : null;
}

export async function insertBall(sql: SqlOrTx, b: NewBall): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into session_balls (
      session_id, bowler_id, seq, version, standing, foul, source, shot_id, confidence,
      recorded_by, replaces_id, reason, frame, ball_in_frame
    ) values (
      ${b.sessionId}, ${b.bowlerId}, ${b.seq}, ${b.version}, ${b.standing}, ${b.foul}, ${b.source},
      ${b.shotId ?? null}, ${b.confidence ?? null}, ${b.recordedBy ?? null}, ${
    b.replacesId ?? null
  },
      ${b.reason ?? null}, ${b.frame ?? null}, ${b.ballInFrame ?? null}
    )
    returning id`;
  return row.id;
}

/** Every correction of the session, oldest first. */
export async function listCorrections(sql: SqlOrTx, sessionId: string): Promise<CorrectionRow[]> {
  const rows = await sql<CorrectionDbRow[]>`
    select c.id, c.replaces_id, c.bowler_id, b.name as bowler_name, c.frame, c.ball_in_frame,
           o.standing as from_standing, o.foul as from_foul, o.source as from_source,
           c.standing as to_standing, c.foul as to_foul, c.reason,
           c.recorded_by as by_id, u.display_name as by_name, c.recorded_at as at
    from session_balls c
    join session_balls o on o.id = c.replaces_id
    join session_bowlers b on b.id = c.bowler_id
    left join users u on u.id = c.recorded_by
    where c.session_id = ${sessionId} and c.source = 'correction'
    order by c.id`;
  return rows.map((r) => ({
    id: r.id,
    replacesId: r.replaces_id,
    bowlerId: r.bowler_id,
    bowlerName: r.bowler_name,
    frame: r.frame,
    ballInFrame: r.ball_in_frame,
    fromStanding: r.from_standing,
    fromFoul: r.from_foul,
    fromSource: r.from_source,
    toStanding: r.to_standing,
    toFoul: r.to_foul,
    reason: r.reason,
    byId: r.by_id,
    byName: r.by_name,
    at: r.at,
  }));
}

/** A user's display name, or null when there is no such user. */
export async function userName(sql: SqlOrTx, userId: string): Promise<string | null> {
  const [row] = await sql<
    { display_name: string }[]
  >`select display_name from users where id = ${userId}`;
  return row?.display_name ?? null;
}

/** Which of these user ids exist. */
export async function existingUsers(sql: SqlOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await sql<
    { id: string }[]
  >`select id from users where id = any(${ids as string[]}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}

export interface SessionDbRow {
  id: string;
  lane_id: string;
  status: SessionStatus;
  opened_at: Date;
  closed_at: Date | null;
  opened_by_system: string | null;
}

interface BowlerDbRow {
  id: string;
  session_id: string;
  position: number;
  name: string;
  user_id: string | null;
  removed: boolean;
}

interface BallDbRow {
  id: string;
  session_id: string;
  bowler_id: string;
  seq: number;
  version: number;
  standing: number;
  foul: boolean;
  source: BallSource;
  shot_id: string | null;
  confidence: number | null;
  reason?: string | null;
  recorded_at?: Date;
  by_name?: string | null;
  provisional?: boolean;
}

interface CorrectionDbRow {
  id: string;
  replaces_id: string;
  bowler_id: string;
  bowler_name: string;
  frame: number | null;
  ball_in_frame: number | null;
  from_standing: number;
  from_foul: boolean;
  from_source: BallSource;
  to_standing: number;
  to_foul: boolean;
  reason: string;
  by_id: string | null;
  by_name: string | null;
  at: Date;
}

export function toSession(r: SessionDbRow): SessionRow {
  return {
    id: r.id,
    laneId: r.lane_id,
    status: r.status,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    openedBySystem: r.opened_by_system ?? null,
  };
}

function toBall(r: BallDbRow): BallRow {
  return {
    id: r.id,
    sessionId: r.session_id,
    bowlerId: r.bowler_id,
    seq: r.seq,
    version: r.version,
    standing: r.standing,
    foul: r.foul,
    source: r.source,
    shotId: r.shot_id,
    confidence: r.confidence,
    ...(r.provisional === undefined ? {} : {
      provisional: r.provisional,
      correction: r.source === "correction" && r.reason && r.recorded_at
        ? { reason: r.reason, at: r.recorded_at, by: r.by_name ?? null }
        : null,
    }),
  };
}

/** True when a session holds the AI's ball of this shot already. */
export async function hasAiBall(sql: SqlOrTx, shotId: string): Promise<boolean> {
  const rows = await sql`
    select 1 from session_balls where shot_id = ${shotId} and source = 'ai' limit 1`;
  return rows.length > 0;
}
