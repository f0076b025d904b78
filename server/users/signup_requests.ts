/**
 * Sign-ups waiting for their email to be confirmed (`signup_requests`). The
 * link's token is 256 random bits of which only the SHA-256 is stored; it is
 * spent by its first use (a single `update … where used_at is null … and not
 * expired … returning`, so two uses of one link cannot both create the account).
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

/** Spends the sign-up of `token`; null when it is unknown, used or expired. */
export async function spendSignupRequest(
  tx: SqlOrTx,
  token: string,
): Promise<SignupRequest | null> {
  const [row] = await tx<
    { email: string; display_name: string; password_hash: string; next_path: string | null }[]
  >`
    update signup_requests set used_at = now()
    where token_hash = ${await hashToken(token)} and used_at is null and expires_at > now()
    returning email, display_name, password_hash, next_path`;
  if (!row) return null;
  return {
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    nextPath: row.next_path,
  };
}
