/**
 * `/api/auth/*`: sign-up, login, refresh, logout and password change. The
 * rules (rotation, re-use detection, throttling, timing) live in
 * server/users/service.ts; these routes only translate.
 *
 * Where the refresh token travels: browsers get it as an HttpOnly cookie
 * (server/auth/refresh_cookie.ts) and never see it; the JSON answers leave it
 * out. A client that keeps the token itself (a script, a tool) asks for it
 * with `"refreshTokenInBody": true` at sign-up or login, gets it in the JSON
 * and no cookie, and sends it back as `{"refreshToken"}` to refresh (answered
 * in the JSON again) and to log out. Refresh and logout by cookie check the
 * request's `Origin`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DomainError } from "../../core/problem.ts";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { clientIp } from "../auth/client_ip.ts";
import { currentUser } from "../auth/guard.ts";
import {
  assertSameOrigin,
  clearRefreshCookie,
  clearRefusedCookie,
  readRefreshCookie,
  type RequestTrust,
  setRefreshCookie,
} from "../auth/refresh_cookie.ts";
import { ROLES } from "../auth/roles.ts";
import { standingOf } from "../auth/standing.ts";
import type { AppDeps } from "../context.ts";
import { DisplayName, Email, LoginTokensSchema, Password, RefreshToken } from "../users/schemas.ts";
import { type Accounts, createAccounts, type LoginTokens } from "../users/service.ts";
import { siteOf } from "./shares.ts";

const InBody = z.boolean().optional().openapi({
  description: "Answer the refresh token in the JSON instead of setting the cookie " +
    "(for clients that are not browsers)",
});
const SignupBody = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
  next: z.string().max(500).regex(/^\/(?![/\\])/).optional().openapi({
    description: "A path on this site to go to once the email is confirmed (e.g. a check-in)",
  }),
}).openapi("SignupBody");
const ConfirmBody = z.strictObject({
  token: z.string().min(16).max(200),
  refreshTokenInBody: InBody,
}).openapi("SignupConfirmBody");
const LoginBody = z.strictObject({
  email: Email,
  // Any length a real password could have; longer ones never reach the KDF.
  password: z.string().min(1).max(200).openapi({ format: "password" }),
  refreshTokenInBody: InBody,
}).openapi("LoginBody");
const RefreshBody = z.strictObject({
  refreshToken: RefreshToken.optional().openapi({
    description: "For clients that keep the token themselves; browsers send the cookie instead",
  }),
}).openapi("RefreshBody");
const PasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200).openapi({ format: "password" }),
  newPassword: Password,
}).openapi("PasswordBody");

const PUBLIC = { "x-roles": ["public"] };
const COOKIE_NOTE = " Browsers get the refresh token as the HttpOnly cookie `lanecast_refresh` " +
  "(Path=/api/auth, SameSite=Strict); `refreshTokenInBody` answers it in the JSON instead.";
const optionalBody = { required: false, content: { "application/json": { schema: RefreshBody } } };

const signupRoute = createRoute({
  method: "post",
  path: "/auth/signup",
  tags: ["Auth"],
  summary: "Start a spectator account: mail the address a confirmation link",
  description: "Answers 202 `check-email` alike whether or not the email has an account, so it " +
    "tells nobody which addresses have one: a new address is mailed a single-use link " +
    "(`/signup/confirm#token=…`, `SIGNUP_LINK_TTL_S`) that creates the account through " +
    "`POST /api/auth/signup/confirm`; a taken address's owner is mailed a notice instead. Mail " +
    "goes to `SMTP_URL`, or is held for admins (`GET /api/staff/mail`). Throttled per client " +
    "address (429 `too_many_attempts` with `Retry-After`).",
  ...PUBLIC,
  request: { body: jsonBody(SignupBody) },
  responses: {
    202: json(
      z.object({ status: z.literal("check-email") }).openapi("SignupStarted"),
      "A mail is on its way to the address",
    ),
    ...errors(400, 413, 415, 429),
  },
});

const confirmRoute = createRoute({
  method: "post",
  path: "/auth/signup/confirm",
  tags: ["Auth"],
  summary: "Create the account of a mailed sign-up link and log in",
  description: "400 `signup_link_invalid` for a link that is unknown, used or expired; 409 " +
    "`email_taken` when another link of the address already made the account. `next` is where " +
    "the sign-up asked to go afterwards (or null)." + COOKIE_NOTE,
  ...PUBLIC,
  request: { body: jsonBody(ConfirmBody) },
  responses: {
    201: json(
      LoginTokensSchema.extend({ next: z.string().nullable() }).openapi("SignupConfirmed"),
      "The new account's login",
    ),
    ...errors(400, 409, 413, 415),
  },
});

const everywhereRoute = createRoute({
  method: "post",
  path: "/auth/logout-everywhere",
  tags: ["Auth"],
  summary: "Sign out everywhere: end every login of the caller",
  description: "Revokes every refresh token of the user (this browser's too) and ends their " +
    "access tokens at once. The cookie is cleared.",
  ...auth(...ROLES),
  responses: {
    200: json(z.object({ revoked: z.number().int() }), "Logins ended"),
    ...errors(401),
  },
});

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Auth"],
  summary: "Log in with email and password",
  description: "401 `invalid_credentials` for an unknown email and a wrong password alike; " +
    "403 `account_disabled` (only to the right password); 429 `too_many_attempts` with a " +
    "growing `Retry-After` after repeated failures for the account from the address, from the " +
    "address, or for the account from addresses it never logged in from." + COOKIE_NOTE,
  ...PUBLIC,
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: json(LoginTokensSchema, "A new login"),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const refreshRoute = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags: ["Auth"],
  summary: "Trade a refresh token for a new pair",
  description: "The token (the cookie, or `refreshToken` in the body) is spent; the answer " +
    "carries the next one the same way. Presenting a spent token revokes every token of that " +
    "login (401 `refresh_reused`); a disabled account gets 401 `account_disabled`; a login older " +
    "than `REFRESH_ABSOLUTE_TTL_S` gets 401 `login_expired`. By cookie, the request's `Origin` " +
    "must be this site (403 `origin_not_allowed`). The new access token carries the user's " +
    "current role.",
  ...PUBLIC,
  request: { body: optionalBody },
  responses: {
    200: json(LoginTokensSchema, "The next tokens of the login"),
    ...errors(400, 401, 403, 413, 415),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "Log out: end this login, its refresh and access tokens",
  description: "The login is named by the cookie (whose `Origin` must be this site) or by " +
    "`refreshToken` in the body. The cookie is cleared.",
  ...PUBLIC,
  request: { body: optionalBody },
  responses: {
    204: { description: "Logged out (also for a token that was not live)" },
    ...errors(400, 403, 413, 415),
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/auth/password",
  tags: ["Auth"],
  summary: "Change one's password",
  description: "403 `wrong_password` when the current password is wrong (throttled like logins). " +
    "Every other login of the user ends, its access tokens included.",
  ...auth(...ROLES),
  request: { body: jsonBody(PasswordBody) },
  responses: { 204: { description: "Changed" }, ...errors(400, 401, 403, 413, 415, 429) },
});

export function authRoutes(deps: AppDeps, accounts: Accounts = accountsOf(deps)): OpenAPIHono {
  const { config } = deps;
  const trust: RequestTrust = {
    trustProxy: config.TRUST_PROXY,
    origins: [
      ...(config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : []),
      ...config.CORS_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean),
    ],
  };
  const caller = (c: Context) => ({
    ip: clientIp(c, config.TRUST_PROXY),
    requestId: c.get("requestId"),
  });
  /** The JSON answer; the refresh token goes in it or in the cookie. */
  const answer = (c: Context, tokens: LoginTokens, inBody: boolean) => {
    const { refreshToken, refreshExpiresAt, ...rest } = tokens;
    if (inBody) return { ...rest, refreshToken };
    setRefreshCookie(c, trust, refreshToken, refreshExpiresAt);
    return rest;
  };
  /** The token a refresh or logout acts on: the body's, else the cookie's (from this site only). */
  const presented = (c: Context, body: { refreshToken?: string }) => {
    if (body.refreshToken) return { token: body.refreshToken, inBody: true };
    const cookie = readRefreshCookie(c);
    if (cookie) assertSameOrigin(c, trust);
    return { token: cookie, inBody: false };
  };

  const api = createApi();
  api.use("/auth/refresh", clearRefusedCookie(trust));
  return api
    .openapi(signupRoute, async (c) => {
      const base = siteOf(c, config.PUBLIC_URL);
      await accounts.signup(c.req.valid("json"), { ...caller(c), base });
      return c.json({ status: "check-email" as const }, 202);
    })
    .openapi(confirmRoute, async (c) => {
      const { token, refreshTokenInBody } = c.req.valid("json");
      const { next, ...tokens } = await accounts.confirmSignup(token);
      return c.json({ ...answer(c, tokens, refreshTokenInBody === true), next }, 201);
    })
    .openapi(everywhereRoute, async (c) => {
      const revoked = await accounts.logoutEverywhere(currentUser(c.var), caller(c));
      clearRefreshCookie(c, trust);
      return c.json({ revoked }, 200);
    })
    .openapi(loginRoute, async (c) => {
      const { refreshTokenInBody, ...input } = c.req.valid("json");
      const tokens = await accounts.login(input, caller(c));
      return c.json(answer(c, tokens, refreshTokenInBody === true), 200);
    })
    .openapi(refreshRoute, async (c) => {
      const { token, inBody } = presented(c, c.req.valid("json"));
      if (!token) {
        throw new DomainError(
          "refresh_token_missing",
          'No refresh token: send the cookie, or "refreshToken" in the body',
        );
      }
      return c.json(answer(c, await accounts.refresh(token, caller(c)), inBody), 200);
    })
    .openapi(logoutRoute, async (c) => {
      const { token, inBody } = presented(c, c.req.valid("json"));
      if (token) await accounts.logout(token);
      if (!inBody) clearRefreshCookie(c, trust);
      return c.body(null, 204);
    })
    .openapi(passwordRoute, async (c) => {
      const { currentPassword, newPassword } = c.req.valid("json");
      await accounts.changePassword(currentUser(c.var), currentPassword, newPassword, caller(c));
      return c.body(null, 204);
    });
}

/** The accounts of the app; `now` is the throttles' clock, for tests. */
export function accountsOf(deps: AppDeps, now?: () => number): Accounts {
  return createAccounts({
    now,
    sql: deps.db.sql,
    kv: deps.kv,
    keys: deps.keys,
    standing: standingOf(deps),
    accessTtlS: deps.config.ACCESS_TOKEN_TTL_S,
    refreshTtlS: deps.config.REFRESH_TOKEN_TTL_S,
    absoluteTtlS: deps.config.REFRESH_ABSOLUTE_TTL_S,
    signupLinkTtlS: deps.config.SIGNUP_LINK_TTL_S,
    wake: () => deps.outbox?.wake(),
  });
}
