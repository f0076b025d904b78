/**
 * Data access for clips (migrations/00015_clips.sql): one row per shot (made
 * by the clip job's outbox topic) or per custom clip staff cut; the job marks
 * it ready or failed, staff keep it, retention expires it. Rows in, camelCase
 * {@linkcode ClipRow}s out.
 * @module
 */
import type { ClipState } from "../../core/clips.ts";
import type { SqlOrTx } from "../db.ts";

export interface Clip {
  id: string;
  shotId: string | null;
  laneId: string;
  fromMs: number;
  toMs: number;
  label: string | null;
  state: ClipState;
  failureReason: string | null;
  videoKey: string | null;
  posterKey: string | null;
  contentType: string | null;
  durationMs: number | null;
  kept: boolean;
  createdAt: Date;
  readyAt: Date | null;
}

interface ClipRow {
  id: string;
  shot_id: string | null;
  lane_id: string;
  from_ms: string | number;
  to_ms: string | number;
  label: string | null;
  state: ClipState;
  failure_reason: string | null;
  video_key: string | null;
  poster_key: string | null;
  content_type: string | null;
  duration_ms: number | null;
  kept: boolean;
  created_at: Date;
  ready_at: Date | null;
}

export interface NewClip {
  shotId: string | null;
  laneId: string;
  fromMs: number;
  toMs: number;
  label?: string | null;
  createdBy?: string | null;
}

/** What the job stored for a clip. */
export interface StoredFiles {
  videoKey: string;
  posterKey: string;
  contentType: string;
  durationMs: number;
  bytes: number;
}

/** Longest failure reason kept. */
const MAX_REASON_CHARS = 500;

/** Inserts a clip; a shot's second clip is not made (its existing clip is answered). */
export async function insertClip(sql: SqlOrTx, clip: NewClip): Promise<Clip> {
  const [row] = await sql<ClipRow[]>`
    insert into clips (shot_id, lane_id, from_ms, to_ms, label, created_by)
    values (${clip.shotId}, ${clip.laneId}, ${clip.fromMs}, ${clip.toMs}, ${clip.label ?? null},
      ${clip.createdBy ?? null})
    on conflict (shot_id) do nothing
    returning *`;
  if (row) return toClip(row);
  const existing = clip.shotId ? await getClipOfShot(sql, clip.shotId) : null;
  if (!existing) throw new Error(`Clip of shot "${clip.shotId}" vanished while being stored`);
  return existing;
}

export async function getClip(sql: SqlOrTx, id: string): Promise<Clip | null> {
  const [row] = await sql<ClipRow[]>`select * from clips where id = ${id}`;
  return row ? toClip(row) : null;
}

export async function getClipOfShot(sql: SqlOrTx, shotId: string): Promise<Clip | null> {
  const [row] = await sql<ClipRow[]>`select * from clips where shot_id = ${shotId}`;
  return row ? toClip(row) : null;
}

/** The clips of these shots, by shot id. */
export async function clipsOfShots(sql: SqlOrTx, shotIds: string[]): Promise<Map<string, Clip>> {
  if (shotIds.length === 0) return new Map();
  const rows = await sql<ClipRow[]>`select * from clips where shot_id = any(${shotIds})`;
  return new Map(rows.map((r) => [r.shot_id!, toClip(r)]));
}

/** Marks a pending clip ready with its files; false when it is not pending (done already). */
export async function markReady(sql: SqlOrTx, id: string, files: StoredFiles): Promise<boolean> {
  const rows = await sql`
    update clips set state = 'ready', video_key = ${files.videoKey}, poster_key = ${files.posterKey},
      content_type = ${files.contentType}, duration_ms = ${files.durationMs},
      bytes = ${files.bytes}, failure_reason = null, ready_at = now()
    where id = ${id} and state = 'pending'
    returning id`;
  return rows.length === 1;
}

/** Marks a pending clip failed with the reason; false when it is not pending. */
export async function markFailed(sql: SqlOrTx, id: string, reason: string): Promise<boolean> {
  const rows = await sql`
    update clips set state = 'failed', failure_reason = ${reason.slice(0, MAX_REASON_CHARS)}
    where id = ${id} and state = 'pending'
    returning id`;
  return rows.length === 1;
}

/** Sets or clears the kept flag; the updated clip, or null when there is none. */
export async function setKept(
  sql: SqlOrTx,
  id: string,
  kept: boolean,
  by: string | null,
): Promise<Clip | null> {
  const [row] = await sql<ClipRow[]>`
    update clips set kept = ${kept}, kept_by = ${kept ? by : null}
    where id = ${id}
    returning *`;
  return row ? toClip(row) : null;
}

/** Kept clips and custom clips, newest first. */
export async function listHighlights(
  sql: SqlOrTx,
  q: { laneId?: string; limit: number },
): Promise<Clip[]> {
  const rows = await sql<ClipRow[]>`
    select * from clips
    where (kept or shot_id is null) ${q.laneId ? sql`and lane_id = ${q.laneId}` : sql``}
    order by created_at desc, id
    limit ${q.limit}`;
  return rows.map(toClip);
}

/**
 * Clips whose files retention should remove: ready, nobody kept them, ready
 * before `before`; and expired ones whose files a crash left behind. Oldest first.
 */
export async function listExpirable(sql: SqlOrTx, before: Date, limit: number): Promise<Clip[]> {
  const rows = await sql<ClipRow[]>`
    select * from clips
    where (state = 'ready' and not kept and ready_at < ${before})
      or (state = 'expired' and (video_key is not null or poster_key is not null))
    order by ready_at, id
    limit ${limit}`;
  return rows.map(toClip);
}

/**
 * Marks a clip expired before its files are removed, unless it was kept
 * meanwhile; true when it is expired (now or before).
 */
export async function markExpired(sql: SqlOrTx, id: string): Promise<boolean> {
  const rows = await sql`
    update clips set state = 'expired'
    where id = ${id} and state in ('ready', 'expired') and not kept
    returning id`;
  return rows.length === 1;
}

/** Forgets the store keys of an expired clip whose files are removed. */
export async function forgetFiles(sql: SqlOrTx, id: string): Promise<void> {
  await sql`update clips set video_key = null, poster_key = null where id = ${id} and state = 'expired'`;
}

function toClip(r: ClipRow): Clip {
  return {
    id: r.id,
    shotId: r.shot_id,
    laneId: r.lane_id,
    fromMs: Number(r.from_ms),
    toMs: Number(r.to_ms),
    label: r.label,
    state: r.state,
    failureReason: r.failure_reason,
    videoKey: r.video_key,
    posterKey: r.poster_key,
    contentType: r.content_type,
    durationMs: r.duration_ms,
    kept: r.kept,
    createdAt: r.created_at,
    readyAt: r.ready_at,
  };
}
