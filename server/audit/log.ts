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

export async function recordAudit(sql: SqlOrTx, e: AuditEntry): Promise<void> {
  await sql`
    insert into audit_log (actor_id, actor_email, actor_role, action, target_type, target_id, detail, request_id)
    values (${e.actor?.id ?? null}, ${e.actor?.email ?? null}, ${
    e.actor?.role ?? null
  }, ${e.action},
            ${e.targetType}, ${e.targetId}, ${sql.json((e.detail ?? {}) as never)}, ${
    e.requestId ?? null
  })`;
}
