/**
 * Responsible play for the caller: `GET|PUT /api/me/limits`,
 * `POST /api/me/time-out {days}`, `POST /api/me/self-exclusion {days}`,
 * `GET /api/me/reality-check`, `POST /api/me/close`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { EXCLUSION_DAYS } from "../../core/responsible.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { MONEY_HOLDERS } from "../auth/roles.ts";
import { standingOf } from "../auth/standing.ts";
import type { AppDeps } from "../context.ts";
import { WithdrawalSchema } from "../withdrawals/schemas.ts";
import { closeAccount } from "./closure.ts";
import { exclude, limitsView, realityCheck, setLimits } from "./service.ts";

const TAGS = ["Responsible play"];
const Amount = z.number().int().min(0).max(1_000_000_000).nullable().optional();
const LimitsPatch = z.strictObject({
  depositDaily: Amount,
  depositWeekly: Amount,
  depositMonthly: Amount,
  lossDaily: Amount,
}).openapi("LimitsPatch");

const LimitView = z.object({
  amount: z.number().int().nullable(),
  pending: z.object({ amount: z.number().int().nullable(), from: z.string() }).nullable(),
  used: z.number().int(),
});
const LimitsSchema = z.object({
  limits: z.object({
    depositDaily: LimitView,
    depositWeekly: LimitView,
    depositMonthly: LimitView,
    lossDaily: LimitView,
  }),
  timeOutUntil: z.string().nullable(),
  selfExcludedUntil: z.string().nullable(),
}).openapi("Limits");

const days = (kind: keyof typeof EXCLUSION_DAYS) =>
  z.strictObject({
    days: z.number().int().openapi({
      description: `${EXCLUSION_DAYS[kind].min}–${EXCLUSION_DAYS[kind].max}`,
    }),
  });

const Reality = z.object({
  since: z.string().nullable(),
  minutes: z.number().int(),
  staked: z.number().int(),
  won: z.number().int(),
  net: z.number().int(),
}).openapi("RealityCheck");

const Closed = z.object({ withdrawal: WithdrawalSchema.nullable() }).openapi("AccountClosed");

/** `now` is the clock the rules run by (tests inject one). */
export function responsibleRoutes(deps: AppDeps, now: () => Date = () => new Date()): OpenAPIHono {
  const { db } = deps;
  const excludeRoute = (kind: "time-out" | "self-exclusion", summary: string) =>
    createRoute({
      method: "post",
      path: `/me/${kind}`,
      tags: TAGS,
      summary,
      description: "Bets, deposits and withdrawals answer 403 `self-excluded` until it ends; " +
        "it cannot be lifted early.",
      ...auth(...MONEY_HOLDERS),
      request: { body: jsonBody(days(kind)) },
      responses: { 200: json(LimitsSchema, "In force"), ...errors(400, 401, 403, 413, 415) },
    });
  return createApi()
    .openapi(
      createRoute({
        method: "get",
        path: "/me/limits",
        tags: TAGS,
        summary: "The caller's limits in force, pending raises, and each window's use",
        ...auth(...MONEY_HOLDERS),
        responses: { 200: json(LimitsSchema, "Limits"), ...errors(401, 403) },
      }),
      async (c) => c.json(await limitsView(db.sql, currentUser(c.var).id, now()), 200),
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/me/limits",
        tags: TAGS,
        summary: "Set, lower, raise or remove limits (minor units; null removes)",
        description: "Lowering or setting applies at once; raising or removing applies 24 h " +
          "later (shown as `pending`).",
        ...auth(...MONEY_HOLDERS),
        request: { body: jsonBody(LimitsPatch) },
        responses: { 200: json(LimitsSchema, "Limits"), ...errors(400, 401, 403, 413, 415) },
      }),
      async (c) =>
        c.json(await setLimits(db.sql, currentUser(c.var), c.req.valid("json"), now()), 200),
    )
    .openapi(
      excludeRoute("time-out", "Take a time-out of 1 to 42 days"),
      async (c) =>
        c.json(
          await exclude(db.sql, currentUser(c.var), "time-out", c.req.valid("json").days, now()),
          200,
        ),
    )
    .openapi(
      excludeRoute("self-exclusion", "Self-exclude for 182 to 1826 days"),
      async (c) =>
        c.json(
          await exclude(
            db.sql,
            currentUser(c.var),
            "self-exclusion",
            c.req.valid("json").days,
            now(),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/me/reality-check",
        tags: TAGS,
        summary: "The play session running: how long, staked, won, net",
        ...auth(...MONEY_HOLDERS),
        responses: { 200: json(Reality, "The session so far"), ...errors(401, 403) },
      }),
      async (c) => c.json(await realityCheck(db.sql, currentUser(c.var).id, now()), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/me/close",
        tags: TAGS,
        summary: "Close the account: the balance is paid out, every login ends",
        description: "409 `open-bets` while a bet is open. The balance becomes a withdrawal " +
          "for staff to pay out; the account can no longer bet, deposit or withdraw.",
        ...auth(...MONEY_HOLDERS),
        responses: { 200: json(Closed, "Closed"), ...errors(401, 403, 409) },
      }),
      async (c) =>
        c.json(
          await closeAccount(
            { sql: db.sql, ledger: deps.ledger, standing: standingOf(deps) },
            currentUser(c.var),
            now(),
          ),
          200,
        ),
    );
}
