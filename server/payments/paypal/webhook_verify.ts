/**
 * PayPal webhook signatures checked here, as PayPal specifies for
 * self-verification: the `PAYPAL-TRANSMISSION-SIG` header is a SHA256withRSA
 * signature over `<transmission id>|<transmission time>|<webhook id>|<CRC-32
 * of the raw body, decimal>`, made with the key of the certificate at
 * `PAYPAL-CERT-URL`. The webhook id is ours (PAYPAL_WEBHOOK_ID), so an event
 * signed for another PayPal account's webhook does not verify.
 *
 * The certificate is fetched only from PayPal's own API hosts over HTTPS
 * (or from PAYPAL_API_BASE, the fake in tests), never following redirects,
 * and cached by URL: a forged event naming an attacker's certificate URL is
 * refused before anything is fetched. A request that cannot be PayPal's
 * (a header missing or malformed, a signature not an RSA signature's size, a
 * certificate URL with a query, fragment or sub-path) is refused before any
 * fetch, and a certificate enters the cache only once a signature verified
 * with it, so unverified requests cannot push PayPal's certificate out.
 */
import { type KeyObject, verify, X509Certificate } from "node:crypto";
import { crc32 } from "../../../core/crc32.ts";

/** PayPal's API hosts, the only places a webhook certificate may come from. */
const PAYPAL_HOSTS = new Set([
  "api.paypal.com",
  "api-m.paypal.com",
  "api.sandbox.paypal.com",
  "api-m.sandbox.paypal.com",
]);
const CERT_PATH = "/v1/notifications/certs/";
const MAX_CERT_BYTES = 16 * 1024;
const MAX_CACHED = 32;
/** A certificate's name under CERT_PATH: one path segment. */
const CERT_NAME = /^[A-Za-z0-9._-]{1,200}$/;
/** Transmission ids and times as PayPal sends them (a UUID, an ISO time): short, printable. */
const HEADER_VALUE = /^[\x21-\x7e]{1,128}$/;
/** Sizes of RSA signatures PayPal may use (2048- to 4096-bit keys), in bytes. */
const SIG_BYTES = { min: 256, max: 512 };

export interface PaypalVerifierOptions {
  webhookId: string;
  /** Also trust certificates under this origin (PAYPAL_API_BASE: tests' fake PayPal). */
  apiBase?: string;
  fetch?: typeof fetch;
}

/** Whether a certificate may be fetched from `url`. */
export function certUrlAllowed(url: string, apiBase?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!u.pathname.startsWith(CERT_PATH) || u.username || u.password) return false;
  if (u.search || u.hash || url.includes("?") || url.includes("#")) return false;
  if (!CERT_NAME.test(u.pathname.slice(CERT_PATH.length))) return false;
  if (u.protocol === "https:" && PAYPAL_HOSTS.has(u.hostname) && !u.port) return true;
  return !!apiBase && u.origin === new URL(apiBase).origin;
}

/** `(headers, rawBody) → true` when PayPal signed `rawBody` for our webhook. */
export function createPaypalVerifier(options: PaypalVerifierOptions) {
  const doFetch = options.fetch ?? fetch;
  const keys = new Map<string, KeyObject>();

  /** The certificate's key: cached, or fetched (the caller caches it once a signature verified). */
  async function certKey(url: string): Promise<KeyObject | null> {
    const cached = keys.get(url);
    if (cached) return cached;
    const res = await doFetch(url, { redirect: "error", signal: AbortSignal.timeout(10_000) })
      .catch(() => null);
    if (!res?.ok) {
      await res?.body?.cancel();
      return null;
    }
    const pem = await res.text();
    if (pem.length > MAX_CERT_BYTES) return null;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      return null;
    }
    const now = Date.now();
    if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) return null;
    return cert.publicKey;
  }

  function remember(url: string, key: KeyObject) {
    if (keys.has(url)) return;
    if (keys.size >= MAX_CACHED) keys.delete(keys.keys().next().value!);
    keys.set(url, key);
  }

  /** The signature's bytes, or null when it cannot be an RSA signature PayPal made. */
  function signatureBytes(sig: string): Uint8Array | null {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sig) || sig.length > 4 * SIG_BYTES.max / 3 + 4) return null;
    try {
      const bytes = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0));
      return bytes.length >= SIG_BYTES.min && bytes.length <= SIG_BYTES.max ? bytes : null;
    } catch {
      return null;
    }
  }

  return async function verifyPaypalWebhook(headers: Headers, rawBody: string): Promise<boolean> {
    const id = headers.get("paypal-transmission-id");
    const time = headers.get("paypal-transmission-time");
    const sig = headers.get("paypal-transmission-sig");
    const certUrl = headers.get("paypal-cert-url");
    const algo = headers.get("paypal-auth-algo");
    if (!id || !time || !sig || !certUrl || algo !== "SHA256withRSA") return false;
    if (!HEADER_VALUE.test(id) || !HEADER_VALUE.test(time) || Number.isNaN(Date.parse(time))) {
      return false;
    }
    const signature = signatureBytes(sig);
    if (!signature || !certUrlAllowed(certUrl, options.apiBase)) return false;
    const key = await certKey(certUrl);
    if (!key) return false;
    const message = `${id}|${time}|${options.webhookId}|${crc32(rawBody)}`;
    let ok = false;
    try {
      ok = verify("sha256", new TextEncoder().encode(message), key, signature);
    } catch {
      return false;
    }
    if (ok) remember(certUrl, key);
    return ok;
  };
}
