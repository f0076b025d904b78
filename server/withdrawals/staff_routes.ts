/**
 * Staff decide withdrawals: `GET /api/staff/withdrawals?state=`, and
 * `POST /api/staff/withdrawals/{id}/approve | reject {reason} | mark-paid {reference}`.
 * Each step is audited in its own transaction (server/withdrawals/service.ts).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { listWithdrawals, WITHDRAWAL_STATES } from "./repo.ts";
import {
  MarkPaidSchema,
  RejectSchema,
  WithdrawalIdParam,
  WithdrawalList,
  WithdrawalSchema,
} from "./schemas.ts";
import { approveWithdrawal, markWithdrawalPaid, rejectWithdrawal } from "./service.ts";

const TAGS = ["Staff"];
const decided = {
  200: json(WithdrawalSchema, "The withdrawal as changed"),
  ...errors(400, 401, 403, 404, 409),
};

export function staffWithdrawalRoutes(deps: AppDeps): OpenAPIHono {
  const { db, ledger } = deps;
  return createApi()
    .openapi(
      createRoute({
        method: "get",
        path: "/staff/withdrawals",
        tags: TAGS,
        summary: "Withdrawals, newest first, optionally in one state",
        ...auth(...STAFF),
        request: { query: z.object({ state: z.enum(WITHDRAWAL_STATES).optional() }) },
        responses: { 200: json(WithdrawalList, "Withdrawals"), ...errors(400, 401, 403) },
      }),
      async (c) =>
        c.json({
          items: await listWithdrawals(db.sql, { state: c.req.valid("query").state, limit: 200 }),
        }, 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/staff/withdrawals/{id}/approve",
        tags: TAGS,
        summary: "Approve a requested withdrawal: it is paid out through the providers",
        ...auth(...STAFF),
        request: { params: WithdrawalIdParam },
        responses: decided,
      }),
      async (c) => {
        const w = await approveWithdrawal(db.sql, currentUser(c.var), c.req.valid("param").id);
        deps.outbox?.wake();
        return c.json(w, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/staff/withdrawals/{id}/reject",
        tags: TAGS,
        summary: "Reject a requested withdrawal: the hold is released",
        ...auth(...STAFF),
        request: { params: WithdrawalIdParam, body: jsonBody(RejectSchema) },
        responses: decided,
      }),
      async (c) =>
        c.json(
          await rejectWithdrawal(
            db.sql,
            ledger,
            currentUser(c.var),
            c.req.valid("param").id,
            c.req.valid("json").reason,
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/staff/withdrawals/{id}/mark-paid",
        tags: TAGS,
        summary: "Record a withdrawal paid by hand, with its reference",
        ...auth(...STAFF),
        request: { params: WithdrawalIdParam, body: jsonBody(MarkPaidSchema) },
        responses: decided,
      }),
      async (c) =>
        c.json(
          await markWithdrawalPaid(
            db.sql,
            ledger,
            currentUser(c.var),
            c.req.valid("param").id,
            c.req.valid("json").reference,
          ),
          200,
        ),
    );
}
