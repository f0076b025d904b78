import { Hono } from "hono";
import type { AppDeps } from "../context.ts";
import { pingKv } from "../kv.ts";

/** `GET /api/health` → `{ status, components: { db, kv, sfu } }`; 503 when a part is down. */
export function healthRoutes({ db, kv, sfu }: AppDeps): Hono {
  return new Hono().get("/health", async (c) => {
    const [dbOk, kvOk, sfuState] = await Promise.all([db.ping(), pingKv(kv), sfu.health()]);
    const components = {
      db: { status: dbOk ? "ok" : "down", kind: db.kind },
      kv: { status: kvOk ? "ok" : "down" },
      sfu: { status: sfuState },
    };
    const ok = dbOk && kvOk && sfuState === "ok";
    return c.json({ status: ok ? "ok" : "degraded", components }, ok ? 200 : 503);
  });
}
