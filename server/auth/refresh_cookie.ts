/**
 * The refresh token as a browser holds it: an `HttpOnly`, `SameSite=Strict`
 * cookie scoped to `Path=/api/auth`, `Secure` when the request came over TLS,
 * expiring with the token. Page scripts never see it, other sites cannot send
 * it, and it travels only to the auth routes.
 *
 * The routes that act on the cookie alone (refresh, logout) also check the
 * request's `Origin` ({@linkcode assertSameOrigin}), a second guard against
 * cross-site requests besides SameSite.
 *
 * Non-browser clients may keep the token themselves instead: they ask for it
 * in the JSON body at login and send it back in the body (see routes/auth.ts).
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { generateCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { DomainError } from "../../core/problem.ts";

export const REFRESH_COOKIE = "lanecast_refresh";
export const REFRESH_COOKIE_PATH = "/api/auth";
/** Browsers cap cookie lifetimes at 400 days. */
const MAX_COOKIE_MS = 400 * 24 * 3600 * 1000;

export interface RequestTrust {
  /** Believe `X-Forwarded-Proto` / `X-Forwarded-Host` (one trusted proxy in front). */
  trustProxy: boolean;
  /** Origins besides the request's own that may use the cookie (PUBLIC_URL, CORS_ORIGINS). */
  origins: readonly string[];
}

/** True when the browser reached us over TLS (directly, or through the trusted proxy). */
export function overTls(c: Context, trust: Pick<RequestTrust, "trustProxy">): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return trust.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0].trim() === "https";
}

export function readRefreshCookie(c: Context): string | undefined {
  return getCookie(c, REFRESH_COOKIE) || undefined;
}

/** The cookie's attributes for this request. */
function attributes(c: Context, trust: RequestTrust) {
  return {
    httpOnly: true,
    secure: overTls(c, trust),
    sameSite: "Strict",
    path: REFRESH_COOKIE_PATH,
  } as const;
}

/** A `Set-Cookie` value that makes the browser drop the cookie. */
function cleared(c: Context, trust: RequestTrust): string {
  return generateCookie(REFRESH_COOKIE, "", {
    ...attributes(c, trust),
    maxAge: 0,
    expires: new Date(0),
  });
}

export function setRefreshCookie(
  c: Context,
  trust: RequestTrust,
  token: string,
  expiresAt: Date,
): void {
  setCookie(c, REFRESH_COOKIE, token, {
    ...attributes(c, trust),
    expires: new Date(Math.min(expiresAt.getTime(), Date.now() + MAX_COOKIE_MS)),
  });
}

export function clearRefreshCookie(c: Context, trust: RequestTrust): void {
  c.header("set-cookie", cleared(c, trust), { append: true });
}

/**
 * Middleware: a request that came with the cookie and was answered 401 (the
 * token is spent, revoked or expired, or the account disabled) has the
 * cookie cleared, even though the answer is the error boundary's.
 */
export function clearRefusedCookie(trust: RequestTrust): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    await next();
    if (c.res.status === 401 && readRefreshCookie(c)) {
      c.res.headers.append("set-cookie", cleared(c, trust));
    }
  });
}

/**
 * 403 `origin_not_allowed` unless the request's `Origin` is the site itself
 * (same host as the request) or one of `trust.origins`. A request without
 * `Origin` is refused too: browsers send it with every POST.
 */
export function assertSameOrigin(c: Context, trust: RequestTrust): void {
  const origin = c.req.header("origin");
  if (origin && origin !== "null") {
    if (trust.origins.includes(origin)) return;
    const host = (trust.trustProxy && c.req.header("x-forwarded-host")?.split(",")[0].trim()) ||
      c.req.header("host") || new URL(c.req.url).host;
    try {
      if (new URL(origin).host === host) return;
    } catch {
      // not a URL: refused below
    }
  }
  throw new DomainError(
    "origin_not_allowed",
    `The refresh cookie is only accepted from this site, not from "${
      (origin ?? "").slice(0, 100)
    }"`,
  );
}
