/**
 * The audit log: one row for every staff and admin action, written in the
 * same transaction as the change it records, so neither exists without the other.
 */
import type { SqlOrTx } from "../db.ts";
import type { AuthUser } from "../auth/guard.ts";

export interface AuditEntry {
  /** Who did it (null for the system itself, e.g. the admin created at start). */
  actor: AuthUser | null;
  /** Dotted verb, e.g. "lane.create", "session.correct", "user.role". */
  action: string;
  targetType: string;
  targetId: string;
  /** What changed (before/after, the reason); never secrets. */
  detail?: Record<string, unknown>;
  requestId?: string;
}

export interface AuditRecord extends Omit<AuditEntry, "actor"> {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
}

export async function recordAudit(sql: SqlOrTx, e: AuditEntry): Promise<void> {
  await sql`
    insert into audit_log (actor_id, actor_email, actor_role, action, target_type, target_id, detail, request_id)
    values (${e.actor?.id ?? null}, ${e.actor?.email ?? null}, ${e.actor?.role ?? null}, ${e.action},
            ${e.targetType}, ${e.targetId}, ${sql.json((e.detail ?? {}) as never)}, ${e.requestId ?? null})`;
}

export interface AuditQuery {
  limit: number;
  /** Only entries with an id below this (paging backwards). */
  before?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

export async function listAudit(sql: SqlOrTx, q: AuditQuery): Promise<AuditRecord[]> {
  const rows = await sql<AuditRow[]>`
    select * from audit_log
    where (${q.before ?? null}::bigint is null or id < ${q.before ?? null}::bigint)
      and (${q.action ?? null}::text is null or action = ${q.action ?? null})
      and (${q.targetType ?? null}::text is null or target_type = ${q.targetType ?? null})
      and (${q.targetId ?? null}::text is null or target_id = ${q.targetId ?? null})
    order by id desc
    limit ${q.limit}`;
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: r.detail,
    requestId: r.request_id ?? undefined,
  }));
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: Record<string, unknown>;
  request_id: string | null;
}
