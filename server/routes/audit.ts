/** `/api/audit`: the audit log for staff and admins, newest first. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { listAudit } from "../audit/list.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(/^\d{1,18}$/, "Must be an entry id").optional()
    .openapi({ description: "Only entries older than this id (the previous page's `next`)" }),
  action: z.string().min(1).max(100).optional().openapi({ example: "user.role" }),
  targetType: z.string().min(1).max(100).optional().openapi({ example: "user" }),
  targetId: z.string().min(1).max(200).optional(),
  actor: z.string().trim().min(1).max(100).optional()
    .openapi({ description: "Part of the actor's email or display name, any case" }),
  laneId: z.string().min(1).max(64).optional().openapi({
    description: "Entries about this lane: the lane itself, its sessions, its markets and clips",
  }),
  since: z.iso.datetime({ offset: true }).optional()
    .openapi({ description: "Only entries at or after this instant" }),
  until: z.iso.datetime({ offset: true }).optional()
    .openapi({ description: "Only entries before this instant" }),
});

const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string().openapi({ format: "date-time" }),
  actor: z.object({
    id: z.string().nullable(),
    email: z.string().nullable(),
    role: z.string().nullable(),
    name: z.string().nullable().openapi({ description: "The actor's display name now" }),
  }).nullable()
    .openapi({ description: "null when the system itself acted" }),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  targetName: z.string().nullable().openapi({
    description: "A user target's display name or a lane target's name; null otherwise",
  }),
  laneId: z.string().nullable().openapi({ description: "The lane the entry concerns, if any" }),
  detail: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
}).openapi("AuditEntry");

const AuditPage = z.object({
  entries: z.array(AuditEntrySchema),
  next: z.string().nullable().openapi({
    description: "`before` for the next page; null on the last page",
  }),
}).openapi("AuditPage");

const listRoute = createRoute({
  method: "get",
  path: "/audit",
  tags: ["Audit"],
  summary: "Audit log entries, newest first",
  ...auth(...STAFF),
  request: { query: ListQuery },
  responses: { 200: json(AuditPage, "A page of entries"), ...errors(400, 401, 403) },
});

export function auditRoutes({ db }: AppDeps): OpenAPIHono {
  return createApi().openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await listAudit(db.sql, q);
    const entries = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actorId || r.actorEmail || r.actorRole
        ? { id: r.actorId, email: r.actorEmail, role: r.actorRole, name: r.actorName }
        : null,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetName: r.targetName,
      laneId: r.laneId,
      detail: r.detail ?? {},
      requestId: r.requestId ?? null,
    }));
    return c.json(
      { entries, next: rows.length === q.limit ? rows[rows.length - 1].id : null },
      200,
    );
  });
}
