/** Lane-token checks for the SFU's HTTP and WebSocket edges. */
import type { Context } from "hono";
import * as jose from "jose";
import {
  isLaneId,
  type LaneClaims,
  type LaneRight,
  LaneTokenError,
  type VerifyKey,
  verifyLaneToken,
} from "../core/lane_token.ts";
import { DomainError, HttpError } from "../core/problem.ts";

/** A verify key from the server's JWKS endpoint, cached and refreshed by jose. */
export function remoteVerifyKey(jwksUrl: string): VerifyKey {
  return jose.createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: 5_000,
    cacheMaxAge: 600_000,
  });
}

/** The bearer token from `Authorization`, or `?token=` for clients that cannot set headers (WebSocket). */
export function requestToken(c: Context): string | undefined {
  const auth = c.req.header("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) {
      throw new DomainError(
        "bad_authorization",
        'The Authorization header must be "Bearer <token>"',
      );
    }
    return m[1];
  }
  return c.req.query("token") || undefined;
}

export async function requireLaneToken(
  c: Context,
  key: VerifyKey,
  lane: string,
  right: LaneRight | readonly LaneRight[],
): Promise<LaneClaims> {
  const token = requestToken(c);
  try {
    return await verifyLaneToken(key, token, { lane, right });
  } catch (err) {
    if (err instanceof LaneTokenError) {
      const status = err.code === "wrong_lane" || err.code === "wrong_right" ? 403 : 401;
      throw new HttpError(status, `token_${err.code}`, err.message);
    }
    // The JWKS endpoint could not be reached: not the caller's fault.
    throw new DomainError(
      "keys_unavailable",
      "Cannot check the token right now: the signing keys are unavailable",
    );
  }
}

export function laneParam(c: Context): string {
  const lane = c.req.param("lane") ?? "";
  if (!isLaneId(lane)) {
    throw new DomainError("unknown_lane", `Cannot find lane "${lane.slice(0, 64)}"`);
  }
  return lane;
}
