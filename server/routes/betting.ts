/**
 * `POST /api/me/betting`: the caller, a spectator, becomes a bettor
 * (server/bettors/become.ts). The answer carries the user with the new role;
 * the access token in hand already works as a bettor on the next request.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { BecomeBettorSchema } from "../../core/markets.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import { standingOf } from "../auth/standing.ts";
import { becomeBettor } from "../bettors/become.ts";
import type { AppDeps } from "../context.ts";
import { UserSchema } from "../users/schemas.ts";

const BettorSchema = z.object({
  user: UserSchema,
  bettor: z.object({
    dateOfBirth: z.string().openapi({ format: "date" }),
    acceptedAt: z.string().openapi({ format: "date-time" }),
  }),
}).openapi("Bettor");

export function bettingRoutes(deps: AppDeps): OpenAPIHono {
  return createApi().openapi(
    createRoute({
      method: "post",
      path: "/me/betting",
      tags: ["Wallet"],
      summary: "Become a bettor (date of birth, terms accepted)",
      description: "Spectators of at least MIN_BETTING_AGE; staff and admins may not bet " +
        "(403 `staff_may_not_bet`), the under-age get 403 `too_young`. Asking again as a " +
        "bettor answers the same profile. The role is effective at once, with the same access token.",
      ...auth(...ROLES),
      request: { body: jsonBody(BecomeBettorSchema) },
      responses: {
        200: json(BettorSchema, "The caller, now a bettor"),
        ...errors(400, 401, 403, 413, 415),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { user, bettor } = await becomeBettor(
        { sql: deps.db.sql, standing: standingOf(deps), minAge: deps.config.MIN_BETTING_AGE },
        currentUser(c.var),
        body,
        c.get("requestId"),
      );
      return c.json({
        user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
        bettor: { dateOfBirth: bettor.dateOfBirth, acceptedAt: bettor.acceptedAt.toISOString() },
      }, 200);
    },
  );
}
