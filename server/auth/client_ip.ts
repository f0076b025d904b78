/**
 * The caller's address, for per-address throttling: the connection's peer,
 * or, only when `TRUST_PROXY` is set, the last `X-Forwarded-For` entry (what
 * the one trusted proxy in front saw). Trust may also be a test of the peer's
 * address (`trustedProxies`: the SFU's `SFU_TRUSTED_PROXIES`), so a client
 * that reaches the port directly cannot name its own address. IPv6 addresses are cut to their /64,
 * since one host usually holds a whole /64.
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import { inNet, type IpNet, parseIp, unmapIpv4 } from "../../core/ip_net.ts";

/** Whether to take `X-Forwarded-For`: always, never, or when the peer's address passes. */
export type TrustProxy = boolean | ((peer: string) => boolean);

/** Trust forwarded headers only from a peer inside `nets` (the proxies in front). */
export function trustedProxies(nets: readonly IpNet[]): (peer: string) => boolean {
  return (peer) => {
    const ip = parseIp(peer.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
    return !!ip && nets.some((net) => inNet(unmapIpv4(ip), net));
  };
}

function peerOf(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** Used when the address is unknown (in-memory requests in tests). */
export const UNKNOWN_IP = "unknown";

export function clientIp(c: Context, trustProxy: TrustProxy, peer = peerOf(c)): string {
  if (trustProxy === true || (typeof trustProxy === "function" && !!peer && trustProxy(peer))) {
    const last = c.req.header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean)
      .at(-1);
    if (last) return normalizeIp(last);
  }
  return normalizeIp(peer ?? UNKNOWN_IP);
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
