/** Lane-token checks for the SFU's HTTP and WebSocket edges. */
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/deno";
import { createMiddleware } from "hono/factory";
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
import { clientIp, type TrustProxy } from "../server/auth/client_ip.ts";
import type { Viewer } from "./viewer_quota.ts";

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
  /** This host's id among several: a token naming another host is refused (403 `token_wrong_host`). */
  host?: string,
): Promise<LaneClaims> {
  const token = requestToken(c);
  try {
    return await verifyLaneToken(key, token, { lane, right, host });
  } catch (err) {
    if (err instanceof LaneTokenError) {
      const status =
        err.code === "wrong_lane" || err.code === "wrong_right" || err.code === "wrong_host"
          ? 403
          : 401;
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

/**
 * Who a `lane:view` caller is, for the viewer caps: its address and its
 * token (by the token's id, or its signature for a token without one);
 * `undefined` for cameras and the inference sidecar, which are not counted.
 */
export function viewerOf(
  c: Context,
  claims: LaneClaims,
  trustProxy: TrustProxy,
): Viewer | undefined {
  if (claims.right !== "lane:view") return undefined;
  const token = claims.jti ?? (requestToken(c) ?? "").split(".").at(-1) ?? "";
  return { address: clientIp(c, trustProxy), token };
}

/**
 * Guard for the SFU's internal routes (`/lanes`, `/ingest`, `/metrics`):
 * `Authorization: Bearer <service key>` compared in constant time, or, when
 * no key is configured, a caller on the loopback interface that came through
 * no proxy (a forwarded request, which a proxy on this host would make look
 * local, is refused).
 */
export function requireService(key: string | undefined): MiddlewareHandler {
  const want = key === undefined ? undefined : new TextEncoder().encode(key);
  return createMiddleware(async (c, next) => {
    if (want) {
      const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
      if (!m) {
        throw new DomainError(
          "service_key_required",
          'This needs "Authorization: Bearer <SFU service key>"',
        );
      }
      const got = new TextEncoder().encode(m[1]);
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        throw new DomainError("service_key_wrong", "The SFU service key is not valid");
      }
    } else if (!fromLoopback(c)) {
      throw new DomainError(
        "internal_only",
        "This is only served on the loopback interface unless SFU_SERVICE_KEY is set",
      );
    }
    await next();
  });
}

function fromLoopback(c: Context): boolean {
  if (c.req.header("x-forwarded-for") || c.req.header("forwarded")) return false;
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    return false;
  }
  return !!address && (/^(::ffff:)?127\./.test(address) || address === "::1");
}
