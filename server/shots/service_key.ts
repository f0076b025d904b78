/**
 * Route guard for the inference sidecar: `Authorization: Bearer <inference
 * key>`, compared in constant time. 401 without one, 403 with a wrong one.
 */
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { DomainError } from "../../core/problem.ts";
import { bearer } from "../auth/guard.ts";

export function requireInferenceKey(key: string): MiddlewareHandler {
  const want = new TextEncoder().encode(key);
  return createMiddleware(async (c, next) => {
    const given = bearer(c.req.header("authorization"));
    if (!given) {
      throw new DomainError(
        "inference_key_required",
        'This needs "Authorization: Bearer <inference key>"',
      );
    }
    const got = new TextEncoder().encode(given);
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      throw new DomainError("inference_key_wrong", "The inference key is not valid");
    }
    await next();
  });
}

/** createRoute fields for a sidecar-only route. */
export function inferenceOnly(key: string) {
  return {
    middleware: [requireInferenceKey(key)],
    security: [{ bearer: [] }],
    "x-roles": ["inference"],
  };
}
