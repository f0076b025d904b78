/**
 * The caller's address, for per-address throttling: the connection's peer,
 * or, only when `TRUST_PROXY` is set, the last `X-Forwarded-For` entry (what
 * the one trusted proxy in front saw). IPv6 addresses are cut to their /64,
 * since one host usually holds a whole /64.
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";

/** Used when the address is unknown (in-memory requests in tests). */
export const UNKNOWN_IP = "unknown";

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean)
      .at(-1);
    if (last) return normalizeIp(last);
  }
  try {
    return normalizeIp(getConnInfo(c).remote.address ?? UNKNOWN_IP);
  } catch {
    return UNKNOWN_IP;
  }
}

/** IPv4 as is (also when IPv4-mapped), IPv6 as its /64 prefix, anything else bounded. */
export function normalizeIp(raw: string): string {
  const ip = raw.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(":") || !/^[0-9a-f:.]+$/.test(ip)) return ip.slice(0, 64) || UNKNOWN_IP;
  const [head, tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "") || "0").join(":")}::/64`;
}
