/**
 * Security headers on every answer (`hono/secure-headers`): a strict
 * Content-Security-Policy (scripts, styles, fonts and frames from this site
 * only; connections to this site and the SFU; `frame-ancestors 'none'`),
 * `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, and `Strict-Transport-Security` only on
 * requests that came over TLS (directly or through the trusted proxy), for
 * `HSTS_MAX_AGE_S`.
 *
 * The web app and the API reference run under it as they are: no inline
 * scripts, no `eval`; styles set from scripts go through the CSSOM, which the
 * policy allows. The SFU is another origin (its own port or SFU_PUBLIC_URL),
 * so `connect-src` names it, for WHEP over HTTP and signaling over WebSocket.
 */
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import { overTls } from "./auth/refresh_cookie.ts";
import type { ServerConfig } from "./config.ts";
import { sfuPublicUrl } from "./routes/lanes.ts";

type Config = Pick<ServerConfig, "SFU_URL" | "SFU_PUBLIC_URL" | "TRUST_PROXY" | "HSTS_MAX_AGE_S">;

/** `connect-src`: this site, and the SFU as the browser reaches it, over HTTP and WebSocket. */
function connectSources(c: Context, config: Config): string {
  const sfu = new URL(sfuPublicUrl(c, config.SFU_PUBLIC_URL, config.SFU_URL));
  const ws = sfu.protocol === "https:" ? "wss:" : "ws:";
  return `'self' ${sfu.origin} ${ws}//${sfu.host}`;
}

/**
 * `mediaOrigins`: other origins the page may load video and images from (the
 * S3 clip store's, whose presigned URLs the web app plays).
 */
export function securityHeaders(config: Config, mediaOrigins: string[] = []): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "blob:", ...mediaOrigins],
      mediaSrc: ["'self'", "blob:", ...mediaOrigins],
      fontSrc: ["'self'", "data:"],
      connectSrc: [(c) => connectSources(c, config)],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    // Set below, and only over TLS.
    strictTransportSecurity: false,
    // A route that sets its own header keeps it (the share page's narrower policy).
    overwrite: false,
  });
  const hsts = `max-age=${config.HSTS_MAX_AGE_S}`;
  return createMiddleware(async (c, next) => {
    await headers(c, next);
    if (config.HSTS_MAX_AGE_S > 0 && overTls(c, { trustProxy: config.TRUST_PROXY })) {
      c.res.headers.set("strict-transport-security", hsts);
    }
  });
}
