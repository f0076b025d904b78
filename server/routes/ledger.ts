/**
 * `GET /api/admin/ledger/check` (admins): the ledger audited from its
 * transfers (server/ledger/check.ts) — `{ ok, violations }`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { checkLedger } from "../ledger/check.ts";

const LedgerCheckSchema = z.object({
  ok: z.boolean(),
  violations: z.array(
    z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()),
  ).openapi({ description: "At most 100 of each code" }),
}).openapi("LedgerCheck");

export function ledgerRoutes({ db }: AppDeps): OpenAPIHono {
  const api = createApi();
  api.openapi(
    createRoute({
      method: "get",
      path: "/admin/ledger/check",
      tags: ["Wallet"],
      summary: "Recompute every balance from the transfers and list what does not add up",
      ...auth("admin"),
      responses: { 200: json(LedgerCheckSchema, "The check"), ...errors(401, 403) },
    }),
    async (c) => c.json(await checkLedger(db.sql), 200),
  );
  return api;
}
