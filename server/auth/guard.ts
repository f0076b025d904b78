/**
 * Who is calling: `authenticate` reads an `Authorization: Bearer` access
 * token into `c.var.user` (or the reason it was refused into `c.var.authError`);
 * `requireRole` lets only the named roles through.
 *
 * A bearer that is not a JWT (a camera key) is left for the route to judge.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { DomainError, HttpError } from "../../core/problem.ts";
import type { SigningKeys } from "../keys.ts";
import type { Role } from "./roles.ts";
import { AccessTokenError, verifyAccessToken } from "./tokens.ts";

export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The login (refresh-token family) the access token came from, if any. */
  sessionId?: string;
}

declare module "hono" {
  interface ContextVariableMap {
    user: AuthUser | undefined;
    authError: AccessTokenError | undefined;
  }
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The bearer credential of a request, if any. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

export function authenticate(keys: SigningKeys): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    if (token && JWT_SHAPE.test(token)) {
      try {
        const claims = await verifyAccessToken(keys, token);
        c.set("user", { id: claims.sub, email: claims.email, role: claims.role, ...(claims.sid ? { sessionId: claims.sid } : {}) });
      } catch (err) {
        if (!(err instanceof AccessTokenError)) throw err;
        c.set("authError", err);
      }
    }
    await next();
  });
}

/** 401 without a valid access token, 403 when the caller's role is not listed. */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    const user = currentUser(c.var);
    if (!roles.includes(user.role)) {
      throw new DomainError("forbidden", `This needs the role ${roles.map((r) => `"${r}"`).join(" or ")}`);
    }
    await next();
  });
}

/** The authenticated user, or a 401 saying why there is none. */
export function currentUser(vars: { user?: AuthUser; authError?: AccessTokenError }): AuthUser {
  if (vars.user) return vars.user;
  if (vars.authError) throw new HttpError(401, vars.authError.code, vars.authError.message);
  throw new DomainError("unauthenticated", 'This needs "Authorization: Bearer <access token>"');
}
