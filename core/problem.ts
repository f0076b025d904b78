/** RFC 9457 problem details, shared by the server and the SFU. */
import { DomainError, statusForCode } from "./errors.ts";

export { DomainError };

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Machine-readable reason, the last part of `type`. */
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * A `DomainError` that names its HTTP status itself: for transport-level
 * refusals (a body too large, a WebSocket expected) and the few codes whose
 * status depends on where they arise. Domain code throws `DomainError`.
 */
export class HttpError extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(code, message, extra);
    this.name = "HttpError";
  }
}

/** The status of any domain error: its own for an `HttpError`, else by its code. */
export function errorStatus(err: DomainError): number {
  return err instanceof HttpError ? err.status : statusForCode(err.code);
}

/** Members of a problem document that an error's `extra` may never override. */
const RESERVED_MEMBERS = new Set(["type", "title", "status", "detail", "code"]);

/**
 * A problem document. `extra` adds members (`instance`, a domain error's details)
 * but never replaces a reserved one: a domain error carrying e.g. a shot's
 * `status` keeps the HTTP status of its code.
 */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  const added = Object.fromEntries(Object.entries(extra).filter(([k]) => !RESERVED_MEMBERS.has(k)));
  return {
    ...added,
    type: `urn:lanecast:problem:${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
  };
}

export function problemResponse(p: Problem, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(p), { status: p.status, headers: h });
}
