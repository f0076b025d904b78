/**
 * For tools, benches and browser tests that need accounts on a running
 * Lanecast: signs up over HTTP the way a person does and follows the mailed
 * link, read from the admins' mail list (`GET /api/staff/mail`: held when
 * no SMTP server is set). Answers what `POST /api/auth/signup/confirm` does.
 *
 * @example
 * ```ts ignore
 * const { accessToken } = await signupConfirmed(system.url, BETTOR, ADMIN);
 * ```
 * @module
 */
import { signupTokenOf } from "../mail/signup_mail.ts";

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
}

export interface ConfirmedSignup {
  user: { id: string; email: string; displayName: string; role: string };
  accessToken: string;
  expiresIn: number;
  /** Only with `refreshTokenInBody`. */
  refreshToken?: string;
  next: string | null;
}

/** An admin's credentials, or an admin's access token. */
export type AdminAuth = { email: string; password: string } | { token: string };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The token of the latest sign-up link mailed to `email`, read from the admins' mail list. */
export async function mailedSignupToken(
  site: string,
  email: string,
  admin: AdminAuth,
): Promise<string> {
  const api = (path: string) => new URL(`/api${path}`, site).href;
  const adminToken = "token" in admin
    ? admin.token
    : (await post(api("/auth/login"), { ...admin, refreshTokenInBody: true })).accessToken;
  const res = await fetch(api(`/staff/mail?to=${encodeURIComponent(email)}&limit=5`), {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!res.ok) throw new Error(`GET /api/staff/mail: ${res.status} ${await res.text()}`);
  const mail = await res.json() as { kind: string; body: string }[];
  const token = mail.filter((m) => m.kind === "signup_confirm")
    .map((m) => signupTokenOf(m.body)).find((t) => t !== null);
  if (!token) throw new Error(`No sign-up link was mailed to "${email}"`);
  return token;
}

/** Signs `who` up on the site at `site` and confirms the account; `headers` go with the sign-up. */
export async function signupConfirmed(
  site: string,
  who: NewAccount,
  admin: AdminAuth,
  o: { headers?: Record<string, string>; refreshTokenInBody?: boolean } = {},
): Promise<ConfirmedSignup> {
  await post(new URL("/api/auth/signup", site).href, who, o.headers);
  const token = await mailedSignupToken(site, who.email, admin);
  return await post(new URL("/api/auth/signup/confirm", site).href, {
    token,
    refreshTokenInBody: o.refreshTokenInBody,
  });
}
