/**
 * What the SFU checks before ffmpeg pulls a camera, and how it runs ffmpeg:
 * the camera URL rules of core/camera_url.ts, with the host's name resolved
 * the way ffmpeg will resolve it (getaddrinfo) and every address checked, at
 * the request and again before each start; then ffmpeg with only the
 * protocols the URL's scheme needs, no HTTP redirects, no playlist or concat
 * demuxers that open further URLs, and an empty environment, so it sees none
 * of the SFU's secrets.
 */
import { lookup } from "node:dns/promises";
import {
  type CameraNetPolicy,
  cameraUrlProblem,
  ffmpegProtocols,
  resolvedHostProblem,
  urlHost,
} from "../core/camera_url.ts";
import { parseIp } from "../core/ip_net.ts";
import { DomainError } from "../core/problem.ts";

/** Every address a host name resolves to (like getaddrinfo); throws when it does not resolve. */
export type Resolve = (host: string) => Promise<string[]>;

export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Demuxers an HTTP camera may use (MJPEG, MPEG-TS, FLV, Matroska/WebM, MP4, raw H.264/5): no HLS, DASH or concat. */
const HTTP_FORMATS = "mpjpeg,mjpeg,mpegts,flv,matroska,mov,h264,hevc";

/** Throws `camera_url_invalid` or `camera_host_forbidden` for a URL the rules refuse as written. */
export function checkCameraUrl(url: string, policy: CameraNetPolicy): void {
  const problem = cameraUrlProblem(url, policy);
  if (problem) throw new DomainError(problem.code, problem.message);
}

/**
 * Resolves the URL's host name (an address literal needs none) and throws
 * `camera_host_forbidden` when any address is refused; `false` when the name
 * does not resolve now (the camera may be off the network), `true` when fine.
 */
export async function checkCameraHost(
  url: string,
  policy: CameraNetPolicy,
  resolve: Resolve,
): Promise<boolean> {
  const host = urlHost(url)!;
  if (parseIp(host)) return true;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return false;
  }
  const problem = resolvedHostProblem(host, addresses, policy);
  if (problem) throw new DomainError(problem.code, problem.message);
  return addresses.length > 0;
}

/** ffmpeg's input arguments for a camera URL the rules allow. */
export function ffmpegInputArgs(url: string): string[] {
  const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
  const http = scheme === "http" || scheme === "https";
  return [
    "-protocol_whitelist",
    ffmpegProtocols(url),
    ...(http ? ["-max_redirects", "0", "-format_whitelist", HTTP_FORMATS] : []),
    ...(scheme.startsWith("rtsp") ? ["-rtsp_transport", "tcp"] : []),
    "-i",
    url,
  ];
}

/** How ffmpeg is spawned: nothing from the SFU's environment (keys, database URLs) reaches it. */
export const FFMPEG_SPAWN = { clearEnv: true, env: {} } as const;
