/**
 * Who is calling: `authenticate` reads an `Authorization: Bearer` access
 * token into `c.var.user` (or the reason it was refused into `c.var.authError`);
 * `requireRole` lets only the named roles through.
 *
 * The token only says who the caller is. What they may do comes from their
 * standing now (server/auth/standing.ts): `c.var.user.role` is the role stored
 * today, and a token of a disabled account, of a login that has ended
 * (logout, a password change from another login, a spent-token replay) or
 * of a deleted user is refused with 401 at once.
 *
 * A bearer that is not a JWT (a camera key) is left for the route to judge.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { DomainError, HttpError } from "../../core/problem.ts";
import type { SigningKeys } from "../keys.ts";
import type { Role } from "./roles.ts";
import type { Standing } from "./standing.ts";
import { AccessTokenError, verifyAccessToken } from "./tokens.ts";

export interface AuthUser {
  id: string;
  email: string;
  /** The role stored now, not the one the token was issued with. */
  role: Role;
  /** The login (refresh-token family) the access token came from, if any. */
  loginId?: string;
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

export function authenticate(o: { keys: SigningKeys; standing: Standing }): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    const token = bearer(c.req.header("authorization"));
    if (token && JWT_SHAPE.test(token)) {
      try {
        const claims = await verifyAccessToken(o.keys, token);
        const now = await o.standing.of(claims.sub, claims.sid);
        if (!now) {
          throw new AccessTokenError(
            "unknown_user",
            "The account of this access token no longer exists",
          );
        }
        if (now.disabled) {
          throw new AccessTokenError("account_disabled", "This account is disabled");
        }
        if (!now.loginLive) {
          throw new AccessTokenError("login_ended", "This login has ended; log in again");
        }
        c.set("user", {
          id: claims.sub,
          email: claims.email,
          role: now.role,
          ...(claims.sid ? { loginId: claims.sid } : {}),
        });
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
      throw new DomainError(
        "forbidden",
        `This needs the role ${roles.map((r) => `"${r}"`).join(" or ")}`,
      );
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
