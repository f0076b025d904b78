/**
 * Route guard for the inference sidecar: `Authorization: Bearer <inference
 * key>`, compared in constant time. 401 without one, 403 with a wrong one.
 */
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { DomainError } from "../../core/problem.ts";
import { bearer } from "../auth/guard.ts";

/**
 * `Authorization: Bearer <key>` compared in constant time: `<name>_required`
 * (401) without one, `<name>_wrong` (403) with another.
 */
export function requireBearerKey(
  key: string,
  name: string,
  what: string,
): MiddlewareHandler {
  const want = new TextEncoder().encode(key);
  return createMiddleware(async (c, next) => {
    const given = bearer(c.req.header("authorization"));
    if (!given) {
      throw new DomainError(`${name}_required`, `This needs "Authorization: Bearer <${what}>"`);
    }
    const got = new TextEncoder().encode(given);
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      throw new DomainError(`${name}_wrong`, `The ${what} is not valid`);
    }
    await next();
  });
}

export function requireInferenceKey(key: string): MiddlewareHandler {
  return requireBearerKey(key, "inference_key", "inference key");
}

/** createRoute fields for a sidecar-only route. */
export function inferenceOnly(key: string) {
  return {
    middleware: [requireInferenceKey(key)],
    security: [{ bearer: [] }],
    "x-roles": ["inference"],
  };
}
