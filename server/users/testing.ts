/** Helpers for the account tests: JSON calls from chosen client addresses, and a fingerprint of stored data. */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import type { SqlOrTx } from "../db.ts";
import { listMail } from "../mail/messages.ts";
import { signupTokenOf } from "../mail/signup_mail.ts";

let lastIp = 0;

/** A client address no other call in this process has used. */
export function freshIp(): string {
  lastIp++;
  return `10.${(lastIp >> 16) & 255}.${(lastIp >> 8) & 255}.${lastIp & 255}`;
}

export interface CallOptions {
  /** Sent as `X-Forwarded-For` (the test app trusts it); a fresh address by default. */
  ip?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A JSON request; a string `body` is sent as it is (for malformed JSON). */
export function call(
  app: Hono,
  method: string,
  path: string,
  body?: unknown,
  o: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { "x-forwarded-for": o.ip ?? freshIp(), ...o.headers };
  if (body !== undefined) headers["content-type"] ??= "application/json";
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  return Promise.resolve(app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  }));
}

/** An app under test and its database (what `createTestApp` answers). */
export interface TestSite {
  app: Hono;
  deps: { db: { sql: SqlOrTx } };
}

/** The token of the latest sign-up link mailed to `email` (any case), or null. */
export async function signupTokenFor(sql: SqlOrTx, email: string): Promise<string | null> {
  const [mail] = await listMail(sql, { limit: 1, to: email });
  return mail?.kind === "signup_confirm" ? signupTokenOf(mail.body) : null;
}

/**
 * Signs `email` up (password "correct horse battery" and display name from
 * the email unless given) and follows the mailed link; answers the confirmation's JSON.
 */
export async function signupUser(
  site: TestSite,
  email: string,
  o: { refreshTokenInBody?: boolean; ip?: string; password?: string; displayName?: string } = {},
): Promise<{ user: { id: string }; accessToken: string; refreshToken?: string }> {
  const started = await call(site.app, "POST", "/api/auth/signup", {
    email,
    password: o.password ?? "correct horse battery",
    displayName: o.displayName ?? email.split("@")[0],
  }, { ip: o.ip });
  assert.deepEqual(await expectJson(started, 202), { status: "check-email" });
  const token = await signupTokenFor(site.deps.db.sql, email);
  assert.ok(token, `no sign-up link was mailed to "${email}"`);
  const res = await call(site.app, "POST", "/api/auth/signup/confirm", {
    token,
    refreshTokenInBody: o.refreshTokenInBody,
  });
  return await expectJson(res, 201);
}

/**
 * Asserts a problem+json answer with `status` and `code` (any code when
 * null: for errors Hono raises, whose codes the error boundary names).
 */
export async function expectProblem(
  res: Response,
  status: number,
  code: string | null,
): Promise<Record<string, unknown>> {
  const body = await res.json();
  assert.equal(
    res.status,
    status,
    `expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`,
  );
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  assert.equal(body.status, status);
  if (code !== null) assert.equal(body.code, code);
  else assert.equal(typeof body.code, "string");
  return body;
}

/** Asserts a JSON answer with `status`; answers the body. */
export async function expectJson(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${text}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return JSON.parse(text);
}

/** A digest of every row of the account tables: equal before and after means nothing changed. */
export async function fingerprint(sql: SqlOrTx): Promise<string> {
  const [row] = await sql<{ users: string | null; tokens: string | null; audit: string | null }[]>`
    select
      (select md5(string_agg(u::text, '|' order by u.id)) from users u) as users,
      (select md5(string_agg(t::text, '|' order by t.id)) from refresh_tokens t) as tokens,
      (select md5(string_agg(a::text, '|' order by a.id)) from audit_log a) as audit`;
  return `${row.users}/${row.tokens}/${row.audit}`;
}
