/**
 * Camera URLs the SFU may pull through ffmpeg for an "rtsp" lane: network
 * streams only (RTSP, RTSPS, SRT, UDP/RTP multicast, HTTP(S) such as MJPEG or
 * HLS). Local files, pipes and ffmpeg's nesting protocols (`concat:`,
 * `subfile,`, `crypto+…`) are refused. `?codec=h264` passes H.264 through
 * without re-encoding (see camera_sync.ts).
 */

export const PULL_SCHEMES = ["rtsp", "rtsps", "srt", "udp", "rtp", "http", "https"] as const;
export const MAX_SOURCE_URL_LENGTH = 1024;

/** Why `url` cannot be a pulled camera source, or `null` when it can. */
export function sourceUrlProblem(url: string): string | null {
  if (url.length > MAX_SOURCE_URL_LENGTH) {
    return `must be at most ${MAX_SOURCE_URL_LENGTH} characters`;
  }
  // Printable ASCII only: no spaces, quotes for a shell, or control characters.
  if (!/^[\x21-\x7e]+$/.test(url) || /["'`\\<>{}|^]/.test(url)) {
    return "must be a plain URL without spaces, quotes or control characters";
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1].toLowerCase();
  if (!scheme || !(PULL_SCHEMES as readonly string[]).includes(scheme)) {
    return `must start with ${PULL_SCHEMES.map((s) => `${s}://`).join(", ")}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a valid URL";
  }
  if (!parsed.hostname) return "needs a host";
  return null;
}

/** The URL with any user name and password hidden, for answers and logs. */
export function redactSourceUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1[redacted]@");
}
