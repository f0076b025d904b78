/**
 * Building blocks for API routes: an `OpenAPIHono` whose validation failures
 * become problem+json, the shared schemas of errors, and small helpers so a
 * route declares its body, its roles and its answers in one `createRoute`.
 * The OpenAPI 3.1 document at `/api/openapi.json` is generated from the same
 * zod schemas that validate requests.
 *
 * @example
 * ```ts
 * const route = createRoute({
 *   method: "post", path: "/lanes", tags: ["Lanes"], summary: "Create a lane",
 *   ...auth("staff", "admin"),
 *   request: { body: jsonBody(NewLaneBody) },
 *   responses: { 201: json(LaneSchema, "The new lane"), ...errors(400, 401, 403, 409) },
 * });
 * app.openapi(route, async (c) => c.json(await createLane(c.req.valid("json")), 201));
 * ```
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Hook } from "@hono/zod-openapi";
import type { Env } from "hono";
import { DomainError } from "../core/problem.ts";
import { requireRole } from "./auth/guard.ts";
import type { Role } from "./auth/roles.ts";

export { createRoute, z } from "@hono/zod-openapi";

/** At most this many validation issues are listed in one problem. */
const MAX_ISSUES = 20;

/** Turns a failed zod validation into a 400 problem listing what is wrong and where. */
// deno-lint-ignore no-explicit-any
export const validationHook: Hook<any, Env, any, any> = (result, _c) => {
  if (result.success) return;
  const issues = result.error.issues.slice(0, MAX_ISSUES).map((i) => ({
    path: i.path.map(String).join(".") || "(body)",
    message: i.message,
    ...(i.code === "unrecognized_keys" ? { keys: (i as { keys?: string[] }).keys } : {}),
  }));
  const first = issues[0];
  const where = result.target === "json" ? "body" : result.target;
  throw new DomainError(
    "invalid_request",
    first ? `Invalid ${where}: ${first.path === "(body)" ? "" : `"${first.path}" `}${first.message}` : `Invalid ${where}`,
    { errors: issues },
  );
};

/** A router for API routes: OpenAPI-registered, validation errors as problem+json. */
export function createApi(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}

/** RFC 9457 problem details, as every error answers. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
}).openapi("Problem");

const ERROR_TEXT: Record<number, string> = {
  400: "The request is malformed or fails validation",
  401: "No valid access token",
  403: "The caller's role may not do this",
  404: "Not found",
  409: "Conflicts with the current state",
  413: "Body too large",
  415: "Unsupported content type",
  429: "Too many attempts; retry later",
};

/** Response entries for the given error statuses, for `createRoute({ responses })`. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, {
    description: ERROR_TEXT[s] ?? "Error",
    content: { "application/problem+json": { schema: ProblemSchema } },
  }])) as Record<number, { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } }>;
}

/** A JSON response entry. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body (a missing or non-JSON body is refused, not skipped). */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } };
}

/**
 * The route is for these roles only: checks the access token and the role
 * before validation (401 without a valid token, 403 for other roles), and
 * documents the bearer requirement and the roles (`x-roles`) in OpenAPI.
 */
export function auth(...roles: Role[]) {
  return {
    middleware: [requireRole(...roles)],
    security: [{ bearer: [] }],
    "x-roles": roles,
  };
}

/** Path parameter for a lane id. */
export const LaneIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "1" }),
});
