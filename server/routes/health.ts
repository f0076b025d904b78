import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApi, createRoute, json, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { pingKv } from "../kv.ts";

const Status = z.enum(["ok", "down"]);
const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  components: z.object({
    db: z.object({ status: Status, kind: z.enum(["pglite", "postgres"]) }),
    kv: z.object({ status: Status }),
    sfu: z.object({ status: z.enum(["ok", "degraded", "down"]) }),
  }),
}).openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["System"],
  summary: "Health of the server and its parts",
  "x-roles": ["public"],
  responses: { 200: json(HealthSchema, "Everything is up"), 503: json(HealthSchema, "A part is down") },
});

/** `GET /api/health` → `{ status, components: { db, kv, sfu } }`; 503 when a part is down. */
export function healthRoutes({ db, kv, sfu }: AppDeps): OpenAPIHono {
  return createApi().openapi(route, async (c) => {
    const [dbOk, kvOk, sfuState] = await Promise.all([db.ping(), pingKv(kv), sfu.health()]);
    const components = {
      db: { status: dbOk ? "ok" as const : "down" as const, kind: db.kind },
      kv: { status: kvOk ? "ok" as const : "down" as const },
      sfu: { status: sfuState },
    };
    const ok = dbOk && kvOk && sfuState === "ok";
    return c.json({ status: ok ? "ok" as const : "degraded" as const, components }, ok ? 200 : 503);
  });
}
