/**
 * `/api/outbox` for staff: how many follow-ups of stored facts (a shot's
 * scoring, later its settlement and clip) are pending, done or dead per
 * topic, the dead ones with their last error, and bringing a dead one back
 * once its cause is fixed (audited).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { recordAudit } from "../audit/log.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { countByTopic, listDead, revive } from "../outbox/store.ts";

const OutboxSchema = z.object({
  topics: z.array(z.object({
    topic: z.string(),
    pending: z.number().int(),
    done: z.number().int(),
    dead: z.number().int(),
  })),
  dead: z.array(z.object({
    id: z.string(),
    topic: z.string(),
    factId: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    deadAt: z.string().openapi({ format: "date-time" }),
  })),
}).openapi("Outbox");

const IdParam = z.object({ id: z.string().regex(/^\d{1,18}$/, "Must be an outbox row id") });

export function outboxRoutes({ db, outbox }: AppDeps): OpenAPIHono {
  const api = createApi();
  api.openapi(
    createRoute({
      method: "get",
      path: "/outbox",
      tags: ["System"],
      summary: "Follow-ups of stored facts per topic, and the dead ones",
      ...auth(...STAFF),
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: { 200: json(OutboxSchema, "Counts and dead rows"), ...errors(400, 401, 403) },
    }),
    async (c) => {
      const [topics, dead] = await Promise.all([
        countByTopic(db.sql),
        listDead(db.sql, c.req.valid("query").limit),
      ]);
      return c.json({
        topics,
        dead: dead.map((d) => ({
          id: d.id,
          topic: d.topic,
          factId: d.factId,
          attempts: d.attempts,
          lastError: d.lastError,
          createdAt: d.createdAt.toISOString(),
          deadAt: d.deadAt.toISOString(),
        })),
      }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/outbox/{id}/revive",
      tags: ["System"],
      summary: "Retry a dead follow-up with a fresh count of attempts",
      ...auth(...STAFF),
      request: { params: IdParam },
      responses: { 204: { description: "Queued again" }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const revived = await db.sql.begin(async (tx) => {
        if (!await revive(tx, id)) return false;
        await recordAudit(tx, {
          actor: currentUser(c.var),
          action: "outbox.revive",
          targetType: "outbox",
          targetId: id,
          requestId: c.get("requestId"),
        });
        return true;
      });
      if (!revived) {
        throw new DomainError("unknown_dead_fact", `Cannot find dead outbox row "${id}"`);
      }
      outbox?.wake();
      return c.body(null, 204);
    },
  );
  return api;
}
