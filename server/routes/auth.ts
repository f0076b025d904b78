/**
 * `/api/auth/*`: sign-up, login, refresh, logout and password change. The
 * rules (rotation, re-use detection, throttling, timing) live in
 * server/users/service.ts; these routes only translate.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { clientIp } from "../auth/client_ip.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { DisplayName, Email, Password, RefreshToken, SessionSchema } from "../users/schemas.ts";
import { type Accounts, createAccounts } from "../users/service.ts";

const SignupBody = z.strictObject({ email: Email, password: Password, displayName: DisplayName })
  .openapi("SignupBody");
const LoginBody = z.strictObject({
  email: Email,
  // Any length a real password could have; longer ones never reach the KDF.
  password: z.string().min(1).max(200).openapi({ format: "password" }),
}).openapi("LoginBody");
const RefreshBody = z.strictObject({ refreshToken: RefreshToken }).openapi("RefreshBody");
const PasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200).openapi({ format: "password" }),
  newPassword: Password,
}).openapi("PasswordBody");

const PUBLIC = { "x-roles": ["public"] };

const signupRoute = createRoute({
  method: "post",
  path: "/auth/signup",
  tags: ["Auth"],
  summary: "Create a spectator account and log in",
  description: "Throttled per client address (429 `too_many_attempts` with `Retry-After`).",
  ...PUBLIC,
  request: { body: jsonBody(SignupBody) },
  responses: {
    201: json(SessionSchema, "The new account's session"),
    ...errors(400, 409, 413, 415, 429),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Auth"],
  summary: "Log in with email and password",
  description: "401 `invalid_credentials` for an unknown email and a wrong password alike; " +
    "403 `account_disabled` (only to the right password); 429 `too_many_attempts` with `Retry-After` " +
    "after repeated failures for the account or from the address.",
  ...PUBLIC,
  request: { body: jsonBody(LoginBody) },
  responses: { 200: json(SessionSchema, "A new session"), ...errors(400, 401, 403, 413, 415, 429) },
});

const refreshRoute = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["Auth"],
  summary: "Trade a refresh token for a new pair",
  description:
    "The token is spent; the answer carries the next one. Presenting a spent token revokes " +
    "every token of that login (401 `refresh_reused`); a disabled account gets 401 `account_disabled`. " +
    "The new access token carries the user's current role.",
  ...PUBLIC,
  request: { body: jsonBody(RefreshBody) },
  responses: {
    200: json(SessionSchema, "The next session tokens"),
    ...errors(400, 401, 413, 415),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "Log out: revoke every refresh token of this login",
  ...PUBLIC,
  request: { body: jsonBody(RefreshBody) },
  responses: {
    204: { description: "Logged out (also for a token that was not live)" },
    ...errors(400, 413, 415),
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/auth/password",
  tags: ["Auth"],
  summary: "Change one's password",
  description: "403 `wrong_password` when the current password is wrong (throttled like logins). " +
    "Every other login of the user is logged out.",
  ...auth(...ROLES),
  request: { body: jsonBody(PasswordBody) },
  responses: { 204: { description: "Changed" }, ...errors(400, 401, 403, 413, 415, 429) },
});

export function authRoutes(deps: AppDeps, accounts: Accounts = accountsOf(deps)): OpenAPIHono {
  const caller = (c: Context) => ({
    ip: clientIp(c, deps.config.TRUST_PROXY),
    requestId: c.get("requestId"),
  });
  return createApi()
    .openapi(
      signupRoute,
      async (c) => c.json(await accounts.signup(c.req.valid("json"), caller(c)), 201),
    )
    .openapi(
      loginRoute,
      async (c) => c.json(await accounts.login(c.req.valid("json"), caller(c)), 200),
    )
    .openapi(
      refreshRoute,
      async (c) => c.json(await accounts.refresh(c.req.valid("json").refreshToken, caller(c)), 200),
    )
    .openapi(logoutRoute, async (c) => {
      await accounts.logout(c.req.valid("json").refreshToken);
      return c.body(null, 204);
    })
    .openapi(passwordRoute, async (c) => {
      const { currentPassword, newPassword } = c.req.valid("json");
      await accounts.changePassword(currentUser(c.var), currentPassword, newPassword, caller(c));
      return c.body(null, 204);
    });
}

export function accountsOf(deps: AppDeps): Accounts {
  return createAccounts({
    sql: deps.db.sql,
    kv: deps.kv,
    keys: deps.keys,
    accessTtlS: deps.config.ACCESS_TOKEN_TTL_S,
    refreshTtlS: deps.config.REFRESH_TOKEN_TTL_S,
  });
}
