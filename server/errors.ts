/** The server's one error boundary: typed errors → RFC 9457 problem+json. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { HttpError, problem, problemResponse } from "../core/problem.ts";

export function onError(err: Error, c: Context): Response {
  const instance = c.req.path;
  if (err instanceof HttpError) {
    return problemResponse(problem(err.status, err.code, err.message, { instance, ...err.extra }));
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = HTTP_EXCEPTION_CODES[err.status] ?? "http_error";
    return problemResponse(problem(err.status, code, err.message || "The request cannot be served", { instance }));
  }
  console.error(`[${c.get("requestId") ?? "-"}] ${c.req.method} ${c.req.path} failed`, err);
  return problemResponse(problem(500, "internal", "The server could not complete the request", { instance }));
}

export function notFound(c: Context): Response {
  return problemResponse(problem(404, "not_found", `Cannot find "${c.req.path}"`, { instance: c.req.path }));
}

/** Codes for the errors Hono itself raises (a body that is not JSON, a wrong content type). */
const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: "malformed_body",
  413: "too_large",
  415: "unsupported_media_type",
};
