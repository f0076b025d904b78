/**
 * Share tokens: 32 random bytes, base64url (43 characters), the only secret
 * of a share link. The database keeps their sha-256 (also base64url), so a
 * copy of it opens no links; a guess has 2^256 to cover.
 */
import { base64url } from "jose";

/** A share token's shape, checked before any lookup. */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const isShareToken = (s: string): boolean => SHARE_TOKEN.test(s);

/** A fresh random token. */
export function newShareToken(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** The stored form of a token (or of any secret): its sha-256, base64url. */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return base64url.encode(new Uint8Array(digest));
}

/** The path of a share's public page. */
export const sharePath = (token: string) => `/s/${token}`;

/** `path` with any share token in it hidden, for logs (a token is the link itself). */
export function redactShareTokens(path: string): string {
  return path.replace(/(\/shares?\/|\/s\/)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, "$1…");
}
