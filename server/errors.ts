/** The server's one error boundary: typed errors → RFC 9457 problem+json. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, errorStatus, problem, problemResponse } from "../core/problem.ts";
import { isDatabaseUnavailable } from "./db_guard.ts";

export function onError(err: Error, c: Context): Response {
  const instance = c.req.path;
  if (err instanceof DomainError) return domainProblem(err, instance);
  if (err instanceof HTTPException && err.status < 500) {
    const code = HTTP_EXCEPTION_CODES[err.status] ?? "http_error";
    return problemResponse(
      problem(err.status, code, err.message || "The request cannot be served", { instance }),
    );
  }
  console.error(`[${c.get("requestId") ?? "-"}] ${c.req.method} ${c.req.path} failed`, err);
  if (isDatabaseUnavailable(err)) {
    return problemResponse(
      problem(503, "unavailable", "The database is unavailable, try again", { instance }),
      {
        "retry-after": "1",
      },
    );
  }
  return problemResponse(
    problem(500, "internal", "The server could not complete the request", { instance }),
  );
}

export function notFound(c: Context): Response {
  return problemResponse(
    problem(404, "not_found", `Cannot find "${c.req.path}"`, { instance: c.req.path }),
  );
}

/** Codes for the errors Hono itself raises (a body that is not JSON, a wrong content type). */
const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: "malformed_body",
  413: "too_large",
  415: "unsupported_media_type",
};

/**
 * A domain error as problem+json: the status from its code (`core/errors.ts`),
 * `Retry-After` from its `retryAfter`. Also used by routes that answer an
 * error without throwing.
 */
export function domainProblem(err: DomainError, instance?: string): Response {
  const headers: Record<string, string> = {};
  if (err.retryAfter !== undefined) {
    headers["retry-after"] = String(Math.max(1, Math.ceil(err.retryAfter)));
  }
  return problemResponse(
    problem(errorStatus(err), err.code, err.message, { instance, ...err.extra }),
    headers,
  );
}
