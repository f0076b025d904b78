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
 * so `connect-src` names it, for WHEP over HTTP and signaling over WebSocket,
 * and the SFU hosts' origins in SFU_CONNECT_SRC when several serve viewers.
 * With STRIPE_PUBLISHABLE_KEY set, Stripe.js and its frames are allowed too
 * (and only then: without a key nothing of Stripe's can load).
 */
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import { overTls } from "./auth/refresh_cookie.ts";
import type { ServerConfig } from "./config.ts";
import { sfuPublicUrl } from "./routes/lanes.ts";

type Config =
  & Pick<ServerConfig, "SFU_URL" | "SFU_PUBLIC_URL" | "TRUST_PROXY" | "HSTS_MAX_AGE_S">
  // The SFU hosts' public origins, when several announce themselves.
  & { SFU_CONNECT_SRC?: readonly string[] }
  // Declared by Stripe's part of server/config.ts; absent, nothing of Stripe's may load.
  & { STRIPE_PUBLISHABLE_KEY?: string };

/**
 * What Stripe Elements needs, allowed only while a publishable key is set:
 * Stripe.js from Stripe's own host, its card frames, its API calls.
 */
export const STRIPE_SOURCES = {
  script: ["https://js.stripe.com"],
  frame: ["https://js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
} as const;

/** `connect-src`: this site, and the SFU as the browser reaches it, over HTTP and WebSocket. */
function connectSources(c: Context, config: Config): string {
  const sfu = new URL(sfuPublicUrl(c, config.SFU_PUBLIC_URL, config.SFU_URL));
  const ws = sfu.protocol === "https:" ? "wss:" : "ws:";
  const stripe = config.STRIPE_PUBLISHABLE_KEY ? ` ${STRIPE_SOURCES.connect.join(" ")}` : "";
  const hosts = config.SFU_CONNECT_SRC?.length ? ` ${config.SFU_CONNECT_SRC.join(" ")}` : "";
  return `'self' ${sfu.origin} ${ws}//${sfu.host}${hosts}${stripe}`;
}

/** Distinct (origin, forwarded proto) pairs remembered; the Host header is the caller's to choose. */
const MAX_REMEMBERED = 64;

/**
 * {@linkcode connectSources}, remembered per request origin and
 * `X-Forwarded-Proto` (all it depends on): it parses three URLs, and the
 * policy is set on every answer.
 */
function rememberedConnectSources(config: Config): (c: Context) => string {
  const known = new Map<string, string>();
  return (c) => {
    const url = c.req.url;
    const key = `${url.slice(0, url.indexOf("/", url.indexOf("//") + 2))} ${
      c.req.header("x-forwarded-proto") ?? ""
    }`;
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= MAX_REMEMBERED) known.clear();
      known.set(key, value = connectSources(c, config));
    }
    return value;
  };
}

/**
 * `mediaOrigins`: other origins the page may load video and images from (the
 * S3 clip store's, whose presigned URLs the web app plays).
 */
export function securityHeaders(config: Config, mediaOrigins: string[] = []): MiddlewareHandler {
  const stripe = Boolean(config.STRIPE_PUBLISHABLE_KEY);
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...stripe ? STRIPE_SOURCES.script : []],
      ...stripe ? { frameSrc: ["'self'", ...STRIPE_SOURCES.frame] } : {},
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "blob:", ...mediaOrigins],
      mediaSrc: ["'self'", "blob:", ...mediaOrigins],
      fontSrc: ["'self'", "data:"],
      connectSrc: [rememberedConnectSources(config)],
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
