/**
 * Deposits as lists: `GET /api/wallet/deposits` (the caller's own),
 * `GET /api/staff/payments` (every deposit, any provider, filtered by
 * provider and state) and `GET /api/staff/disputes` (Stripe disputes, each
 * with its latest status), newest first, paged with `before`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { listPayments, type Payment } from "../payments/payments.ts";

const Limit = z.coerce.number().int().min(1).max(200).default(50);
const Before = z.iso.datetime({ offset: true }).optional().openapi({
  description: "`next` of the page before",
});

const DepositRow = z.object({
  id: z.string(),
  amount: z.number().int(),
  provider: z.enum(["sandbox", "stripe", "paypal"]),
  state: z.enum(["created", "succeeded", "failed", "canceled"]),
  refunded: z.number().int(),
  createdAt: z.string(),
}).openapi("DepositRow");

const StaffPaymentRow = DepositRow.extend({
  userId: z.string(),
  userEmail: z.string().nullable(),
  providerRef: z.string().nullable(),
  currency: z.string(),
}).openapi("StaffPaymentRow");

const DisputeRow = z.object({
  id: z.string(),
  paymentId: z.string().nullable(),
  userId: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
}).openapi("DisputeRow");

const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), next: z.string().nullable() }).openapi(name);

const deposit = (p: Payment) => ({
  id: p.id,
  amount: p.amount,
  provider: p.provider,
  state: p.state,
  refunded: p.refunded,
  createdAt: p.createdAt.toISOString(),
});

const TAGS = ["Payments"];

export function paymentListRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  return createApi()
    .openapi(
      createRoute({
        method: "get",
        path: "/wallet/deposits",
        tags: ["Wallet"],
        summary: "The caller's deposits through any provider, newest first",
        ...auth(...ROLES),
        request: { query: z.object({ limit: Limit, before: Before }) },
        responses: {
          200: json(page(DepositRow, "DepositPage"), "A page"),
          ...errors(400, 401, 403),
        },
      }),
      async (c) => {
        const q = c.req.valid("query");
        const { items, next } = await listPayments(sql, { userId: currentUser(c.var).id, ...q });
        return c.json({ items: items.map(deposit), next }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/staff/payments",
        tags: TAGS,
        summary: "Every deposit, newest first (staff)",
        ...auth(...STAFF),
        request: {
          query: z.object({
            provider: z.enum(["sandbox", "stripe", "paypal"]).optional(),
            state: z.enum(["created", "succeeded", "failed", "canceled"]).optional(),
            limit: Limit,
            before: Before,
          }),
        },
        responses: {
          200: json(page(StaffPaymentRow, "StaffPaymentPage"), "A page"),
          ...errors(400, 401, 403),
        },
      }),
      async (c) => {
        const { items, next } = await listPayments(sql, c.req.valid("query"));
        const ids = [...new Set(items.map((p) => p.userId))];
        const emails = new Map(
          (await sql<{ id: string; email: string }[]>`
            select id::text as id, email from users where id = any(${ids}::uuid[])`)
            .map((u) => [u.id, u.email]),
        );
        return c.json({
          items: items.map((p) => ({
            ...deposit(p),
            userId: p.userId,
            userEmail: emails.get(p.userId) ?? null,
            providerRef: p.providerRef,
            currency: p.currency,
          })),
          next,
        }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/staff/disputes",
        tags: TAGS,
        summary: "Stripe disputes with their latest status, newest first (staff)",
        ...auth(...STAFF),
        request: { query: z.object({ limit: Limit, before: Before }) },
        responses: {
          200: json(page(DisputeRow, "DisputePage"), "A page"),
          ...errors(400, 401, 403),
        },
      }),
      async (c) => {
        const { limit, before } = c.req.valid("query");
        const rows = await sql<
          {
            id: string;
            payment_id: string | null;
            user_id: string | null;
            object: Record<string, unknown>;
            opened_at: Date;
          }[]
        >`
          select distinct on (e.payload -> 'data' -> 'object' ->> 'id')
                 e.payload -> 'data' -> 'object' ->> 'id' as id, e.payment_id::text as payment_id,
                 p.user_id::text as user_id, e.payload -> 'data' -> 'object' as object,
                 min(e.received_at) over (partition by e.payload -> 'data' -> 'object' ->> 'id')
                   as opened_at
          from payment_events e left join payments p on p.id = e.payment_id
          where e.provider = 'stripe' and e.type like 'charge.dispute.%'
          order by e.payload -> 'data' -> 'object' ->> 'id', e.received_at desc`;
        const all = rows
          .filter((r) => !before || r.opened_at < new Date(before))
          .sort((a, b) => b.opened_at.getTime() - a.opened_at.getTime());
        const items = all.slice(0, limit).map((r) => ({
          id: r.id,
          paymentId: r.payment_id,
          userId: r.user_id,
          amount: Number(r.object.amount),
          currency: String(r.object.currency).toUpperCase(),
          status: String(r.object.status),
          reason: (r.object.reason as string | null) ?? null,
          createdAt: r.opened_at.toISOString(),
        }));
        const next = all.length > limit ? items[items.length - 1].createdAt : null;
        return c.json({ items, next }, 200);
      },
    );
}
