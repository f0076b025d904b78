/**
 * The public share page (`/s/{token}`): a phone opens it from a QR code or a
 * text and plays the clip, no account, no script. The video and poster come
 * through the share's own addresses (`/s/{token}/clip`, `/s/{token}/poster`,
 * which redirect to freshly signed store URLs), so a revoked link stops
 * playing at once. A clip still being cut refreshes the page every few seconds.
 */
import type { ShotClip } from "../../core/clips.ts";

/** Seconds between reloads while the clip is pending. */
export const PENDING_REFRESH_S = 4;

const STYLE = `
body{margin:0;background:#0b0f14;color:#e8edf2;font:16px/1.4 system-ui,sans-serif;
display:flex;min-height:100vh;align-items:center;justify-content:center}
main{width:100%;max-width:960px;padding:16px;box-sizing:border-box}
h1{font-size:1.2rem;margin:0 0 12px}
video,.poster{width:100%;max-height:80vh;background:#000;border-radius:8px;display:block}
p{color:#9fb0c0}
a{color:#7cc4ff}`;

/** Hash of the inline style, for the page's Content-Security-Policy. */
async function styleHash(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLE));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface PageInput {
  laneId: string;
  clip: ShotClip;
  /** The share's page path, `/s/{token}` (media addresses hang off it). */
  path: string;
}

/** The page for a live share. */
export function sharePage({ laneId, clip, path }: PageInput): string {
  const title = `Shot on lane ${escape(laneId)}`;
  if (clip.state === "ready") {
    return layout(
      title,
      `<video controls playsinline autoplay muted loop preload="auto"
        poster="${escape(path)}/poster" src="${escape(path)}/clip"></video>`,
    );
  }
  if (clip.state === "pending") {
    return layout(
      title,
      `<p>The clip is being prepared. This page refreshes by itself.</p>`,
      `<meta http-equiv="refresh" content="${PENDING_REFRESH_S}">`,
    );
  }
  return layout(title, `<p>This shot's clip is no longer available.</p>`);
}

/** The page for a link that no longer plays (revoked or unknown). */
export function closedPage(message: string): string {
  return layout("Lanecast", `<p>${escape(message)}</p>`);
}

function layout(title: string, body: string, head = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">${head}
<title>${title} · Lanecast</title><style>${STYLE}</style></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

/**
 * The page's Content-Security-Policy: no script at all, its one inline style,
 * media and images from this site and from where the store's signed URLs
 * point (the share's media addresses redirect there).
 */
export async function pagePolicy(mediaOrigins: string[]): Promise<string> {
  const media = ["'self'", ...new Set(mediaOrigins)].join(" ");
  return [
    "default-src 'none'",
    `style-src ${await styleHash()}`,
    `media-src ${media}`,
    `img-src ${media}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
