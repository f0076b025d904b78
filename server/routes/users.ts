/** `/api/users`: admins list users and change their role, name or whether they are disabled. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { standingOf } from "../auth/standing.ts";
import type { AppDeps } from "../context.ts";
import { adminUpdateUser } from "../users/admin.ts";
import { listUsers, type User } from "../users/repo.ts";
import { AdminUserSchema, DisplayName, Role, UserId } from "../users/schemas.ts";

const ListQuery = z.object({
  query: z.string().trim().max(254).optional().openapi({
    description: "Part of the email or display name, any case",
  }),
  role: Role.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: UserId.optional().openapi({
    description: "Continue after this user (the previous page's `next`)",
  }),
});

const UserList = z.object({
  users: z.array(AdminUserSchema),
  next: z.uuid().nullable().openapi({
    description: "`before` for the next page; null on the last page",
  }),
}).openapi("UserList");

const UserPatch = z.strictObject({
  role: Role.optional(),
  disabled: z.boolean().optional(),
  displayName: DisplayName.optional(),
}).refine((p) => Object.keys(p).length > 0, "Name at least one field to change").openapi(
  "UserPatch",
);

const IdParam = z.object({ id: UserId.openapi({ param: { name: "id", in: "path" } }) });

const listRoute = createRoute({
  method: "get",
  path: "/users",
  tags: ["Users"],
  summary: "List users, newest first",
  ...auth("admin"),
  request: { query: ListQuery },
  responses: { 200: json(UserList, "A page of users"), ...errors(400, 401, 403) },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/users/{id}",
  tags: ["Users"],
  summary: "Change a user's role, display name or disabled state",
  description:
    "Each change is audited (`user.role`, `user.disable`, `user.enable`, `user.rename`). " +
    "Disabling revokes the user's refresh tokens. Both take effect at the user's next request: " +
    "their access tokens carry the new role, or stop working (401 `account_disabled`). " +
    "Admins cannot demote or disable themselves (409 `cannot_change_self`); an admin demoted or " +
    "disabled meanwhile gets 403 `forbidden`.",
  ...auth("admin"),
  request: { params: IdParam, body: jsonBody(UserPatch) },
  responses: {
    200: json(AdminUserSchema, "The user as changed"),
    ...errors(400, 401, 403, 404, 409, 413, 415),
  },
});

export function userRoutes(deps: AppDeps): OpenAPIHono {
  const { db } = deps;
  const standing = standingOf(deps);
  return createApi()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid("query");
      const users = await listUsers(db.sql, { ...q, query: q.query || undefined });
      const next = users.length === q.limit ? users[users.length - 1].id : null;
      return c.json({ users: users.map(toAdminUser), next }, 200);
    })
    .openapi(patchRoute, async (c) => {
      const user = await adminUpdateUser(
        { sql: db.sql, standing },
        currentUser(c.var),
        c.req.valid("param").id,
        c.req.valid("json"),
        c.get("requestId"),
      );
      return c.json(toAdminUser(user), 200);
    });
}

export function toAdminUser(u: User) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
