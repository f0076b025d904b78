/**
 * Sign-ups waiting for their email to be confirmed (`signup_requests`). The
 * link's token is 256 random bits of which only the SHA-256 is stored; it is
 * spent by its first use (a single `update … where used_at is null … and not
 * expired`, row locked, so two uses of one link cannot both create the account),
 * and only with the password chosen at sign-up.
 */
import { base64url } from "jose";
import type { SqlOrTx } from "../db.ts";
import { hashToken } from "./refresh_tokens.ts";

export interface SignupRequest {
  email: string;
  displayName: string;
  passwordHash: string;
  /** The path on this site to go to once confirmed. */
  nextPath: string | null;
}

/** Stores a sign-up that lasts `ttlSeconds`; answers the token of its link. */
export async function storeSignupRequest(
  tx: SqlOrTx,
  r: SignupRequest,
  ttlSeconds: number,
): Promise<string> {
  const token = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  await tx`
    insert into signup_requests (token_hash, email, display_name, password_hash, next_path,
                                 expires_at)
    values (${await hashToken(token)}, ${r.email}, ${r.displayName}, ${r.passwordHash},
            ${r.nextPath}, now() + make_interval(secs => ${ttlSeconds}))`;
  return token;
}

/** Wrong passwords a link takes before it dies. */
export const SIGNUP_CONFIRM_TRIES = 5;

/** What spending a link found: the sign-up, no live link, or a wrong password (counted). */
export type SpendResult =
  | { ok: true; request: SignupRequest }
  | { ok: false; reason: "invalid" | "wrong_password" };

/**
 * Spends the sign-up of `token` when `passwordMatches` its stored hash: the
 * row is locked, so two uses of one link cannot both create the account. A
 * wrong password is counted (commit the transaction to keep the count) and
 * the fifth kills the link. Unknown, used or expired links are `invalid`.
 */
export async function spendSignupRequest(
  tx: SqlOrTx,
  token: string,
  passwordMatches: (hash: string) => Promise<boolean>,
): Promise<SpendResult> {
  const hash = await hashToken(token);
  const [row] = await tx<
    { email: string; display_name: string; password_hash: string; next_path: string | null }[]
  >`
    select email, display_name, password_hash, next_path from signup_requests
    where token_hash = ${hash} and used_at is null and expires_at > now()
    for update`;
  if (!row) return { ok: false, reason: "invalid" };
  if (!await passwordMatches(row.password_hash)) {
    await tx`
      update signup_requests
      set failed_attempts = failed_attempts + 1,
          used_at = case when failed_attempts + 1 >= ${SIGNUP_CONFIRM_TRIES} then now() end
      where token_hash = ${hash}`;
    return { ok: false, reason: "wrong_password" };
  }
  await tx`update signup_requests set used_at = now() where token_hash = ${hash}`;
  return {
    ok: true,
    request: {
      email: row.email,
      displayName: row.display_name,
      passwordHash: row.password_hash,
      nextPath: row.next_path,
    },
  };
}
