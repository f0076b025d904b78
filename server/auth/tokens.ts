/**
 * Access tokens: short-lived Ed25519 JWTs (jose) naming the user, their role
 * when issued (the guard reads the current one) and the login they belong to.
 * Signed with the server's persistent key pair (the one that signs lane
 * tokens), but for a different audience, so neither can stand in for the other.
 */
import * as jose from "jose";
import { z } from "zod";
import { TOKEN_ALG, TOKEN_ISSUER } from "../../core/lane_token.ts";
import type { SigningKeys } from "../keys.ts";
import { ROLES } from "./roles.ts";

export const ACCESS_AUDIENCE = "lanecast-api";

const AccessClaims = z.object({
  sub: z.string().uuid(),
  role: z.enum(ROLES),
  email: z.string(),
  /**
   * The login (refresh-token family) this token was issued under, when there
   * is one. Named `sid` as in RFC 9068 and OpenID Connect.
   */
  sid: z.string().uuid().optional(),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

/** Why an access token was refused. */
export class AccessTokenError extends Error {
  constructor(
    readonly code:
      | "invalid_token"
      | "expired_token"
      | "unknown_user"
      | "account_disabled"
      | "login_ended",
    message: string,
  ) {
    super(message);
    this.name = "AccessTokenError";
  }
}

export async function signAccessToken(
  keys: SigningKeys,
  claims: AccessClaims,
  ttlSeconds: number,
): Promise<string> {
  return await new jose.SignJWT({
    role: claims.role,
    email: claims.email,
    ...(claims.sid ? { sid: claims.sid } : {}),
  })
    .setProtectedHeader({ alg: TOKEN_ALG, kid: keys.kid, typ: "at+jwt" })
    .setSubject(claims.sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(ACCESS_AUDIENCE)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keys.privateKey);
}

/**
 * Tokens already verified, per key set, until they expire: a client sends
 * the same token with every request, and checking its signature again each
 * time is most of what authenticating a bet costs. Oldest dropped first.
 */
const verified = new WeakMap<SigningKeys, Map<string, { claims: AccessClaims; expMs: number }>>();
const MAX_VERIFIED = 10_000;

export async function verifyAccessToken(keys: SigningKeys, token: string): Promise<AccessClaims> {
  let cache = verified.get(keys);
  if (!cache) verified.set(keys, cache = new Map());
  const hit = cache.get(token);
  if (hit) {
    if (Date.now() < hit.expMs) return hit.claims;
    cache.delete(token);
    throw new AccessTokenError("expired_token", "The access token has expired");
  }
  let payload: jose.JWTPayload;
  try {
    ({ payload } = await jose.jwtVerify(token, keys.publicKey, {
      issuer: TOKEN_ISSUER,
      audience: ACCESS_AUDIENCE,
      algorithms: [TOKEN_ALG],
      typ: "at+jwt",
    }));
  } catch (err) {
    if (err instanceof jose.errors.JWTExpired) {
      throw new AccessTokenError("expired_token", "The access token has expired");
    }
    throw new AccessTokenError("invalid_token", "The access token is not valid");
  }
  const claims = AccessClaims.safeParse(payload);
  if (!claims.success) throw new AccessTokenError("invalid_token", "The access token is not valid");
  if (typeof payload.exp === "number") {
    if (cache.size >= MAX_VERIFIED) cache.delete(cache.keys().next().value!);
    cache.set(token, { claims: claims.data, expMs: payload.exp * 1000 });
  }
  return claims.data;
}
