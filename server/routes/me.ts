/** `/api/me`: the caller's own account, for any role. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { HttpError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { getUser, updateUser, type User } from "../users/repo.ts";
import { DisplayName, MeSchema } from "../users/schemas.ts";

const MePatch = z.strictObject({ displayName: DisplayName }).openapi("MePatch");

const getRoute = createRoute({
  method: "get",
  path: "/me",
  tags: ["Users"],
  summary: "The caller's account",
  description:
    "`role` is the one stored now, which every route checks (the access token's `role` claim " +
    "is the one it was issued with).",
  ...auth(...ROLES),
  responses: { 200: json(MeSchema, "The account"), ...errors(401, 403) },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/me",
  tags: ["Users"],
  summary: "Change one's display name",
  ...auth(...ROLES),
  request: { body: jsonBody(MePatch) },
  responses: { 200: json(MeSchema, "The account as changed"), ...errors(400, 401, 403, 413, 415) },
});

const gone = () =>
  new HttpError(401, "unknown_user", "The account of this access token no longer exists");

export function meRoutes({ db }: AppDeps): OpenAPIHono {
  return createApi()
    .openapi(getRoute, async (c) => {
      const user = await getUser(db.sql, currentUser(c.var).id);
      if (!user) throw gone();
      return c.json(toMe(user), 200);
    })
    .openapi(patchRoute, async (c) => {
      const user = await updateUser(db.sql, currentUser(c.var).id, {
        displayName: c.req.valid("json").displayName,
      });
      if (!user) throw gone();
      return c.json(toMe(user), 200);
    });
}

function toMe(u: User) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    bettor: u.role === "bettor",
  };
}
