/**
 * Wire shapes of a shot's clip (issue 14): what the API answers for a shot's
 * clip, shared by the server, the web app and the share page.
 *
 * - `pending`: the clip job has not finished (queued, cutting or retrying).
 * - `ready`: the clip and its poster are stored; `url` and `posterUrl` are
 *   signed and expire (ask again for fresh ones).
 * - `failed`: the job gave up (the window left the SFU's buffer, the SFU
 *   refused, retries ran out); nothing to play.
 * - `expired`: retention removed the stored files.
 */

export const CLIP_STATES = ["pending", "ready", "failed", "expired"] as const;

export type ClipState = typeof CLIP_STATES[number];

/** A shot's clip as the API shows it. */
export interface ShotClip {
  state: ClipState;
  /** Signed, expiring address of the video (WebM or MP4); null unless ready. */
  url: string | null;
  /** Signed, expiring address of the poster (JPEG); null unless ready. */
  posterUrl: string | null;
  /** Length of the stored clip; null unless ready. */
  durationMs: number | null;
  /** Marked by staff to outlive retention (disputes, highlights). */
  kept: boolean;
}

/** A clip staff cut by hand from a lane's buffer, or a kept shot clip, as highlights list them. */
export interface Highlight {
  clipId: string;
  laneId: string;
  /** The shot the clip belongs to; null for a custom clip. */
  shotId: string | null;
  label: string | null;
  fromMs: number;
  toMs: number;
  createdAt: string;
  clip: ShotClip;
}

/** The clip of a shot that has none yet (no row, or the row is still queued). */
export const PENDING_CLIP: Readonly<ShotClip> = Object.freeze({
  state: "pending",
  url: null,
  posterUrl: null,
  durationMs: null,
  kept: false,
});
