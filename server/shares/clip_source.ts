/**
 * Where sharing reads a shot's clip (fresh signed addresses): the clips
 * service (server/clips/) of the app's deps; without it every clip reads as
 * pending.
 */
import { PENDING_CLIP, type ShotClip } from "../../core/clips.ts";
import { getClipOfShot } from "../clips/repo.ts";
import type { Clips } from "../clips/service.ts";
import type { Sql } from "../db.ts";

export interface ClipSource {
  /** The shot's clip now, with freshly signed `url` and `posterUrl` when ready. */
  shotClip(shotId: string): Promise<ShotClip>;
}

/** The clip source of `deps`, looked up on each call (tests swap `deps.clips`). */
export function clipsOf(deps: { db: { sql: Sql }; clips?: Pick<Clips, "view"> }): ClipSource {
  return {
    async shotClip(shotId) {
      if (!deps.clips) return { ...PENDING_CLIP };
      return await deps.clips.view(await getClipOfShot(deps.db.sql, shotId));
    },
  };
}
