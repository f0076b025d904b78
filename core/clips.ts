/**
 * Wire shapes of a shot's clip (issue 14): what the API answers for a shot's
 * clip, shared by the server, the web app and the share page (a type-only
 * import there, so the browser bundles no zod).
 *
 * - `pending`: the clip job has not finished (queued, cutting or retrying).
 * - `ready`: the clip and its poster are stored; `url` and `posterUrl` are
 *   signed and expire (ask again for fresh ones).
 * - `failed`: the job gave up (the window left the SFU's buffer, the SFU
 *   refused, retries ran out); nothing to play.
 * - `expired`: retention removed the stored files.
 * @module
 */
import { z } from "zod";

export const CLIP_STATES = ["pending", "ready", "failed", "expired"] as const;

export type ClipState = typeof CLIP_STATES[number];

/** A shot's clip as the API shows it. */
export const ShotClipSchema = z.object({
  state: z.enum(CLIP_STATES),
  /** Signed, expiring address of the video (WebM or MP4); null unless ready. */
  url: z.string().nullable(),
  /** Signed, expiring address of the poster (JPEG); null unless ready. */
  posterUrl: z.string().nullable(),
  /** Length of the stored clip; null unless ready. */
  durationMs: z.number().int().nullable(),
  /** Marked by staff to outlive retention (disputes, highlights). */
  kept: z.boolean(),
}).meta({ id: "ShotClip" });

export type ShotClip = z.infer<typeof ShotClipSchema>;

/** A kept shot clip or a custom clip staff cut, as highlights list them. */
export const HighlightSchema = z.object({
  clipId: z.string(),
  laneId: z.string(),
  /** The shot the clip belongs to; null for a custom clip. */
  shotId: z.string().nullable(),
  label: z.string().nullable(),
  /** The clip's window, capture times (epoch ms). */
  fromMs: z.number().int(),
  toMs: z.number().int(),
  createdAt: z.string(),
  clip: ShotClipSchema,
}).meta({ id: "Highlight" });

export type Highlight = z.infer<typeof HighlightSchema>;

/** The clip of a shot that has none yet (no row, or the row is still queued). */
export const PENDING_CLIP: Readonly<ShotClip> = Object.freeze({
  state: "pending",
  url: null,
  posterUrl: null,
  durationMs: null,
  kept: false,
});
