/**
 * Where sharing reads a shot's clip (fresh signed addresses). The clips
 * module (server/clips/) provides it as `AppDeps.clips`; without it every
 * clip reads as pending.
 */
import { PENDING_CLIP, type ShotClip } from "../../core/clips.ts";

export interface ClipSource {
  /** The shot's clip now, with freshly signed `url` and `posterUrl` when ready. */
  shotClip(shotId: string): Promise<ShotClip>;
}

export const NO_CLIPS: ClipSource = { shotClip: () => Promise.resolve({ ...PENDING_CLIP }) };

/** The clip source of `deps`, looked up on each call (tests set it after the app is built). */
export function clipsOf(deps: { clips?: ClipSource }): ClipSource {
  return { shotClip: (shotId) => (deps.clips ?? NO_CLIPS).shotClip(shotId) };
}
