/**
 * Reading the audit log for the console: newest first, a page at a time,
 * filtered by action, target, actor, lane and time, each entry with the names
 * a person reads ("Ann Smith changed Ben's role to staff"): the actor's and,
 * for a user or lane target, the target's current display name, and the lane
 * the change concerns (the lane itself, a session's lane, or `detail.laneId`).
 */
import type { SqlOrTx } from "../db.ts";

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  /** The actor's display name now (null for the system, or a deleted user). */
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /** A user's display name or a lane's name, where the target is one. */
  targetName: string | null;
  /** The lane the entry concerns, where one is known. */
  laneId: string | null;
  detail: Record<string, unknown>;
  requestId?: string;
}

export interface AuditQuery {
  limit: number;
  /** Only entries with an id below this (paging backwards). */
  before?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Part of the actor's email or display name, any case. */
  actor?: string;
  laneId?: string;
  /** Only entries at or after this instant (ISO 8601). */
  since?: string;
  /** Only entries before this instant (ISO 8601). */
  until?: string;
}

export async function listAudit(sql: SqlOrTx, q: AuditQuery): Promise<AuditRecord[]> {
  const actor = q.actor ? `%${escapeLike(q.actor)}%` : null;
  const rows = await sql<AuditRow[]>`
    select * from (
      select a.*, u.display_name as actor_name,
        case a.target_type when 'user' then tu.display_name when 'lane' then l.name end
          as target_name,
        coalesce(case when a.target_type = 'lane' then a.target_id end, s.lane_id,
          a.detail ->> 'laneId') as lane_id
      from audit_log a
      left join users u on u.id = a.actor_id
      left join users tu on a.target_type = 'user' and tu.id::text = a.target_id
      left join lanes l on a.target_type = 'lane' and l.id = a.target_id
      left join bowling_sessions s on a.target_type = 'session' and s.id::text = a.target_id
      where (${q.before ?? null}::bigint is null or a.id < ${q.before ?? null}::bigint)
        and (${q.action ?? null}::text is null or a.action = ${q.action ?? null})
        and (${q.targetType ?? null}::text is null or a.target_type = ${q.targetType ?? null})
        and (${q.targetId ?? null}::text is null or a.target_id = ${q.targetId ?? null})
        and (${actor}::text is null or a.actor_email ilike ${actor} or u.display_name ilike ${actor})
        and (${q.since ?? null}::timestamptz is null or a.at >= ${q.since ?? null}::timestamptz)
        and (${q.until ?? null}::timestamptz is null or a.at < ${q.until ?? null}::timestamptz)
    ) e
    where (${q.laneId ?? null}::text is null or e.lane_id = ${q.laneId ?? null})
    order by e.id desc
    limit ${q.limit}`;
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetName: r.target_name,
    laneId: r.lane_id,
    detail: r.detail,
    requestId: r.request_id ?? undefined,
  }));
}

/** `%`, `_` and `\` matched as themselves inside an ILIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string;
  target_name: string | null;
  lane_id: string | null;
  detail: Record<string, unknown>;
  request_id: string | null;
}
