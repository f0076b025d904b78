/**
 * Lane tokens: short-lived JWTs that grant one right on one lane. The server
 * signs them (Ed25519); the SFU verifies them with the server's public key, so
 * the SFU needs no database.
 *
 * @example
 * const keys = await generateLaneKeys();
 * const token = await signLaneToken(keys.privateKey, { lane: "1", right: "lane:view", sub: "anon" });
 * const claims = await verifyLaneToken(keys.publicKey, token, { lane: "1", right: "lane:view" });
 */
import * as jose from "jose";
import { z } from "zod";

/** Lane ids are short URL-safe slugs (the database holds the same rule). */
export const LANE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const isLaneId = (id: string): boolean => LANE_ID_PATTERN.test(id);

/**
 * `lane:ingest` is the server's own right over a lane's camera at the SFU
 * (pull a camera URL, drop the lane's publishers); the server mints it only
 * for itself, never for a camera, a person or the sidecar.
 */
export const LANE_RIGHTS = [
  "lane:view",
  "lane:publish",
  "lane:subscribe-raw",
  "lane:ingest",
] as const;
export type LaneRight = (typeof LANE_RIGHTS)[number];

export const TOKEN_ISSUER = "lanecast";
export const TOKEN_AUDIENCE = "lanecast-sfu";
export const TOKEN_ALG = "EdDSA";
/** Default lifetime: a token is only used to open a session, so minutes are plenty. */
export const DEFAULT_TOKEN_TTL_S = 300;

const LaneClaims = z.object({
  sub: z.string().min(1),
  lane: z.string().regex(LANE_ID_PATTERN),
  right: z.enum(LANE_RIGHTS),
  /** Publish tokens: the lane's publish epoch when issued; the SFU refuses older ones. */
  epoch: z.number().int().min(0).optional(),
  /** Unique per token (set when signed), so the SFU can count what each token holds. */
  jti: z.string().min(1).max(64).optional(),
  /** The SFU host the token was issued for (its announced id), when hosts announce themselves. */
  host: z.string().min(1).max(64).optional(),
  /**
   * View tokens for an edge host: the internal URL of the lane's origin host,
   * which the edge pipes the lane from (sfu/pipe/). Only the server signs it.
   */
  origin: z.string().url().max(300).optional(),
});
export type LaneClaims = z.infer<typeof LaneClaims>;

export type VerifyKey = CryptoKey | jose.JWTVerifyGetKey;

/** Why a token was refused; the SFU maps it to 401 or 403. */
export class LaneTokenError extends Error {
  constructor(
    readonly code: "missing" | "invalid" | "expired" | "wrong_lane" | "wrong_right" | "wrong_host",
    message: string,
  ) {
    super(message);
    this.name = "LaneTokenError";
  }
}

export async function generateLaneKeys(): Promise<CryptoKeyPair> {
  return await jose.generateKeyPair(TOKEN_ALG, {
    crv: "Ed25519",
    extractable: true,
  }) as CryptoKeyPair;
}

export async function signLaneToken(
  key: CryptoKey,
  claims: LaneClaims,
  { ttlSeconds = DEFAULT_TOKEN_TTL_S, kid }: { ttlSeconds?: number; kid?: string } = {},
): Promise<string> {
  const { epoch, host, origin } = claims;
  const extra = Object.fromEntries(
    Object.entries({ epoch, host, origin }).filter(([, v]) => v !== undefined),
  );
  return await new jose.SignJWT({ lane: claims.lane, right: claims.right, ...extra })
    .setProtectedHeader({ alg: TOKEN_ALG, kid })
    .setSubject(claims.sub)
    .setJti(claims.jti ?? crypto.randomUUID())
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/**
 * Verifies signature, expiry, issuer and audience, then that the token names
 * `lane` and `right`, and — when both the verifier has a host id and the token
 * names a host — that host (a token issued for another SFU host is refused).
 */
export async function verifyLaneToken(
  key: VerifyKey,
  token: string | null | undefined,
  want: { lane: string; right: LaneRight | readonly LaneRight[]; host?: string },
): Promise<LaneClaims> {
  if (!token) throw new LaneTokenError("missing", "A lane token is required");
  let payload: jose.JWTPayload;
  try {
    ({ payload } = await jose.jwtVerify(token, key as CryptoKey, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: [TOKEN_ALG],
    }));
  } catch (err) {
    if (err instanceof jose.errors.JWTExpired) {
      throw new LaneTokenError("expired", "The lane token has expired");
    }
    // Key-set fetch failures are the verifier's problem, not the token's.
    if (err instanceof jose.errors.JWKSTimeout || !(err instanceof jose.errors.JOSEError)) {
      throw err;
    }
    throw new LaneTokenError("invalid", "The lane token is not valid");
  }
  const parsed = LaneClaims.safeParse(payload);
  if (!parsed.success) throw new LaneTokenError("invalid", "The lane token is not valid");
  const claims = parsed.data;
  if (claims.lane !== want.lane) {
    throw new LaneTokenError(
      "wrong_lane",
      `The token is for lane "${claims.lane}", not lane "${want.lane}"`,
    );
  }
  const rights = typeof want.right === "string" ? [want.right] : want.right;
  if (!rights.includes(claims.right)) {
    throw new LaneTokenError(
      "wrong_right",
      `The token grants "${claims.right}", not "${rights.join('" or "')}"`,
    );
  }
  if (want.host !== undefined && claims.host !== undefined && claims.host !== want.host) {
    throw new LaneTokenError(
      "wrong_host",
      `The token is for SFU host "${claims.host}", not "${want.host}": ask the server for a new one`,
    );
  }
  return claims;
}
