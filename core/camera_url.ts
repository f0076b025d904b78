/**
 * The one rule for camera URLs that the SFU pulls with ffmpeg, applied by the
 * server when staff set a lane's source and again by the SFU before every
 * pull. Network streams only (RTSP, RTSPS, HTTP, HTTPS), written plainly;
 * never local files, pipes or ffmpeg's nesting protocols. The host must not
 * be this machine (loopback, unspecified), a link-local or multicast address,
 * or a cloud metadata service. Private ranges (RFC 1918, CGNAT, IPv6 ULA) are
 * allowed by default because an alley's cameras live on its LAN; an operator
 * who wants fewer sets `CAMERA_ALLOWED_NETS`, and then only those ranges are
 * allowed (loopback too, if listed: a test or a local relay), never a
 * metadata address.
 *
 * Pure: names are checked as text here; the SFU resolves them and checks
 * each address with {@linkcode cameraAddressProblem}.
 *
 * @example
 * const policy = cameraNetPolicy("");
 * cameraUrlProblem("rtsp://192.168.1.20/stream", policy); // null
 * cameraUrlProblem("file:///etc/passwd", policy)?.code; // "camera_url_invalid"
 * cameraUrlProblem("http://169.254.169.254/", policy)?.code; // "camera_host_forbidden"
 */
import { z } from "zod";
import {
  inNet,
  type IpAddress,
  type IpNet,
  parseCidr,
  parseCidrList,
  parseIp,
  unmapIpv4,
} from "./ip_net.ts";

export const CAMERA_URL_SCHEMES = ["rtsp", "rtsps", "http", "https"] as const;
export type CameraUrlScheme = (typeof CAMERA_URL_SCHEMES)[number];
export const MAX_CAMERA_URL_LENGTH = 1024;

/** Which hosts a camera URL may name: `allowed` null means "anything not refused below". */
export interface CameraNetPolicy {
  allowed: readonly IpNet[] | null;
}

/** Why a URL is refused: `camera_url_invalid` (its form) or `camera_host_forbidden` (where it points). */
export interface CameraUrlProblem {
  code: "camera_url_invalid" | "camera_host_forbidden";
  message: string;
}

const nets = (...cidrs: string[]) => cidrs.map(parseCidr);

/** Cloud metadata services (AWS, GCP, Azure, OpenStack, DigitalOcean; Alibaba; AWS over IPv6): never. */
const METADATA = nets("169.254.169.254", "100.100.100.200", "fd00:ec2::254");

/** Not a camera on a network: this machine, link-local, multicast and reserved addresses. */
const REFUSED: readonly [IpNet[], string][] = [
  [nets("0.0.0.0/8", "::/128"), "the unspecified address"],
  [nets("127.0.0.0/8", "::1/128"), "a loopback address"],
  [nets("169.254.0.0/16", "fe80::/10"), "a link-local address"],
  [nets("224.0.0.0/4", "ff00::/8"), "a multicast address"],
  [nets("240.0.0.0/4"), "a reserved address"],
];

/** Names that mean this machine or a metadata service wherever they are resolved. */
const REFUSED_NAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal)$/;

/** The policy for `CAMERA_ALLOWED_NETS` (comma-separated CIDR ranges; empty = the default). Throws on a bad range. */
export function cameraNetPolicy(allowedNets: string): CameraNetPolicy {
  const list = parseCidrList(allowedNets);
  return { allowed: list.length ? list : null };
}

/** Why `url` cannot be pulled, judging its form and, for an IP literal, its host; `null` when it can. */
export function cameraUrlProblem(url: string, policy: CameraNetPolicy): CameraUrlProblem | null {
  const invalid = (why: string): CameraUrlProblem => ({
    code: "camera_url_invalid",
    message: `The camera URL ${why}`,
  });
  if (url.length > MAX_CAMERA_URL_LENGTH) {
    return invalid(`must be at most ${MAX_CAMERA_URL_LENGTH} characters`);
  }
  // Printable ASCII only: no spaces, quotes for a shell, or control characters.
  if (!/^[\x21-\x7e]+$/.test(url) || /["'`\\<>{}|^]/.test(url)) {
    return invalid("must be a plain URL without spaces, quotes or control characters");
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1].toLowerCase();
  if (!scheme || !(CAMERA_URL_SCHEMES as readonly string[]).includes(scheme)) {
    return invalid(`must start with ${CAMERA_URL_SCHEMES.map((s) => `${s}://`).join(", ")}`);
  }
  const host = urlHost(url);
  if (host === null) return invalid("needs a host");
  if (host.includes("%")) return invalid('must not have "%" in its host');
  const ip = parseIp(host);
  if (ip) return hostProblem(cameraAddressProblem(ip, policy), host);
  // A name of digits and dots (or hex) is an IPv4 address to the resolver (inet_aton): only dotted quads.
  if (/^[0-9a-fx.]+$/i.test(host) && /^[0-9]/.test(host.split(".").pop() || "0")) {
    return invalid(`must write an IPv4 host as four decimal numbers, not "${host}"`);
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host)) {
    return invalid(`has a host name that is not valid: "${host}"`);
  }
  if (REFUSED_NAMES.test(host.toLowerCase())) {
    return hostProblem("names this machine or a metadata service", host);
  }
  return null;
}

/** Why the camera may not be at `address` (a resolved name or a literal), or `null`. */
export function cameraAddressProblem(address: IpAddress, policy: CameraNetPolicy): string | null {
  const ip = unmapIpv4(address);
  if (METADATA.some((n) => inNet(ip, n))) return "is a cloud metadata address";
  if (policy.allowed) {
    return policy.allowed.some((n) => inNet(ip, n))
      ? null
      : `is outside CAMERA_ALLOWED_NETS (${policy.allowed.map((n) => n.text).join(", ")})`;
  }
  for (const [list, what] of REFUSED) if (list.some((n) => inNet(ip, n))) return `is ${what}`;
  return null;
}

/** The problem for `host` resolving to `addresses` (text from a resolver), or `null` when every one is allowed. */
export function resolvedHostProblem(
  host: string,
  addresses: readonly string[],
  policy: CameraNetPolicy,
): CameraUrlProblem | null {
  for (const text of addresses) {
    const ip = parseIp(text);
    const why = ip ? cameraAddressProblem(ip, policy) : "is not an IP address";
    if (why) return hostProblem(`resolves to ${text}, which ${why}`, host);
  }
  return null;
}

/** The host a URL names, without brackets' contents changed or a trailing dot; `null` if none. */
export function urlHost(url: string): string | null {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const host = hostPort.startsWith("[")
    ? hostPort.slice(0, hostPort.indexOf("]") + 1)
    : hostPort.replace(/:\d*$/, "");
  const bare = host.replace(/\.$/, "");
  return bare === "" || bare === "[]" ? null : bare;
}

/**
 * The ffmpeg protocols a camera URL needs (`-protocol_whitelist`); nested
 * opens (RTP under RTSP, TLS under HTTPS) are held to the same list.
 */
export function ffmpegProtocols(url: string): string {
  const scheme = url.slice(0, url.indexOf(":")).toLowerCase() as CameraUrlScheme;
  return {
    rtsp: "rtsp,rtp,udp,tcp",
    rtsps: "rtsps,rtsp,rtp,udp,tcp,tls",
    http: "http,tcp",
    https: "https,tls,tcp",
  }[scheme];
}

function hostProblem(why: string | null, host: string): CameraUrlProblem | null {
  return why
    ? { code: "camera_host_forbidden", message: `The camera host "${host}" ${why}` }
    : null;
}

/** The `CAMERA_ALLOWED_NETS` config setting: CIDR ranges, checked at start, empty by default. */
export function cameraNetsSetting() {
  return z.string().default("").superRefine((text, ctx) => {
    try {
      parseCidrList(text);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  });
}

/** Never log camera credentials: the URL with any user name and password hidden. */
export function redactCameraUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[redacted]@");
}

/** `text` (what ffmpeg printed, say) with the credentials of every URL in it redacted. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, "$1[redacted]@");
}
