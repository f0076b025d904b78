/** The admins' view of account mail (held ones carry their links when SMTP_URL is not set). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { listMail } from "../mail/messages.ts";

const listRoute = createRoute({
  method: "get",
  path: "/staff/mail",
  tags: ["Accounts"],
  summary: "The latest account mail and its state (admins)",
  description: "`held`: no SMTP server is configured (`SMTP_URL`), the mail went nowhere but " +
    "here and the server's log (sign-up links can be followed from this list in development). " +
    "`sent`: the SMTP server took it; its links are blanked. `queued`: waiting for the outbox " +
    "(a failing one is in `GET /api/outbox`). Admins only: a held link creates an account.",
  ...auth("admin"),
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      to: z.string().max(254).optional().openapi({ description: "Only mail to this address" }),
    }),
  },
  responses: {
    200: json(
      z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          to: z.string(),
          subject: z.string(),
          body: z.string(),
          state: z.string(),
          createdAt: z.string(),
          sentAt: z.string().nullable(),
        }).openapi("Mail"),
      ),
      "Newest first",
    ),
    ...errors(401, 403),
  },
});

export function mailRoutes(deps: AppDeps): OpenAPIHono {
  return createApi().openapi(listRoute, async (c) => {
    const mail = await listMail(deps.db.sql, c.req.valid("query"));
    return c.json(
      mail.map((m) => ({
        ...m,
        createdAt: m.createdAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
      })),
      200,
    );
  });
}
