/**
 * A shot's replay window: from a little before the ball leaves the hand to a
 * little after the pins settle, in capture times (epoch ms on the server's
 * clock, as live lane events carry them). The SFU cuts and plays exactly this
 * window; the clip job cuts the same one.
 *
 * @example
 * ```ts
 * replayWindow({ releaseMs: 10_000, pinfallMs: 13_000 });
 * // → { fromMs: 9_000, toMs: 14_500 }
 * ```
 * @module
 */

/** Margins of a replay window, ms (REPLAY_PRE_MS and REPLAY_POST_MS). */
export interface ReplayMargins {
  /** Kept before the release. */
  preMs: number;
  /** Kept after the pins settle. */
  postMs: number;
}

export const DEFAULT_REPLAY_MARGINS: Readonly<ReplayMargins> = Object.freeze({
  preMs: 1000,
  postMs: 1500,
});

/** The longest a replay or clip window may be by default, ms (REPLAY_MAX_CLIP_S). */
export const DEFAULT_MAX_CLIP_MS = 30_000;

export interface ReplayWindow {
  fromMs: number;
  toMs: number;
}

/**
 * The window of a shot released at `releaseMs` whose pins settled at
 * `pinfallMs`. A release missing, or not before the pinfall (a pinfall seen
 * without its release), leaves `maxMs` before the pinfall: the window never
 * runs backwards and never exceeds `maxMs`.
 */
export function replayWindow(
  shot: { releaseMs: number | null; pinfallMs: number },
  margins: ReplayMargins = DEFAULT_REPLAY_MARGINS,
  maxMs: number = DEFAULT_MAX_CLIP_MS,
): ReplayWindow {
  const toMs = Math.round(shot.pinfallMs + margins.postMs);
  const earliest = toMs - maxMs;
  const release = shot.releaseMs !== null && shot.releaseMs < shot.pinfallMs
    ? shot.releaseMs
    : null;
  const fromMs = release === null
    ? earliest
    : Math.max(earliest, Math.round(release - margins.preMs));
  return { fromMs, toMs };
}
