/**
 * IP addresses and CIDR ranges as numbers: parse canonical IPv4 and IPv6
 * text, test membership, and see through IPv4-mapped IPv6 addresses. Pure,
 * strict (an address written in an odd form is not an address here), no I/O.
 *
 * @example
 * const net = parseCidr("192.168.0.0/16");
 * inNet(parseIp("192.168.4.20")!, net); // true
 */

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface IpNet {
  family: 4 | 6;
  base: bigint;
  prefix: number;
  /** As written, for messages. */
  text: string;
}

const V4_PART = /^(0|[1-9][0-9]{0,2})$/;

/** A dotted-quad IPv4 address in its one canonical form (no leading zeros, hex or short forms). */
export function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!V4_PART.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

/** An IPv6 address (`::` shortening and a trailing dotted IPv4 allowed; no zone). */
export function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split("::").length > 2) return null;
  let tail: bigint[] = [];
  let body = text;
  const v4 = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const value = parseIpv4(v4[1]);
    if (value === null) return null;
    tail = [value >> 16n, value & 0xffffn];
    body = text.slice(0, text.length - v4[1].length);
    if (body.endsWith(":") && !body.endsWith("::")) body = body.slice(0, -1);
  }
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const [head, rest] = body.includes("::") ? body.split("::") : [body, undefined];
  const front = groups(head);
  const back = rest === undefined ? [] : groups(rest);
  const total = front.length + back.length + tail.length;
  if (rest === undefined ? total !== 8 : total > 7) return null;
  const hex = [...front, ...back];
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const words = [
    ...front.map((g) => BigInt(`0x${g}`)),
    ...Array(8 - total).fill(0n),
    ...back.map((g) => BigInt(`0x${g}`)),
    ...tail,
  ];
  return words.reduce((acc, w) => (acc << 16n) | w, 0n);
}

/** An IPv4 or IPv6 address (IPv6 with or without URL brackets), or `null`. */
export function parseIp(text: string): IpAddress | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const v6 = parseIpv6(bare);
  return v6 === null ? null : { family: 6, value: v6 };
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else the address itself. */
export function unmapIpv4(ip: IpAddress): IpAddress {
  if (ip.family === 6 && ip.value >> 32n === 0xffffn) {
    return { family: 4, value: ip.value & 0xffffffffn };
  }
  return ip;
}

/** `a.b.c.d/n` or `x:y::/n`; a bare address is a one-address range. Throws on anything else. */
export function parseCidr(text: string): IpNet {
  const [addr, len, extra] = text.trim().split("/");
  const ip = extra === undefined ? parseIp(addr) : null;
  const bits = ip?.family === 4 ? 32 : 128;
  const prefix = len === undefined ? bits : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!ip || !(prefix >= 0 && prefix <= bits)) {
    throw new Error(`"${text.trim()}" is not an IP range such as 192.168.0.0/16`);
  }
  const host = (1n << BigInt(bits - prefix)) - 1n;
  return { family: ip.family, base: ip.value & ~host, prefix, text: text.trim() };
}

/** Comma-separated CIDR ranges; empty text is an empty list. */
export function parseCidrList(text: string): IpNet[] {
  return text.split(",").filter((s) => s.trim() !== "").map(parseCidr);
}

export function inNet(ip: IpAddress, net: IpNet): boolean {
  if (ip.family !== net.family) return false;
  const bits = net.family === 4 ? 32 : 128;
  return ip.value >> BigInt(bits - net.prefix) === net.base >> BigInt(bits - net.prefix);
}
