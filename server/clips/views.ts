/**
 * Clips as the API shows them beside shots: the `clip` of each shot in a
 * lane's shot list and on a session's sheet (fresh signed URLs on every
 * read), and highlights. Shots without a clip row yet show a pending clip.
 * @module
 */
import { type Highlight, PENDING_CLIP, type ShotClip } from "../../core/clips.ts";
import type { Sheet } from "../../core/session_sheet.ts";
import type { SqlOrTx } from "../db.ts";
import { type Clip, clipsOfShots } from "./repo.ts";
import type { Clips } from "./service.ts";

/** The clip of each shot, by shot id (pending where none is made yet). */
export async function shotClips(
  sql: SqlOrTx,
  clips: Pick<Clips, "view"> | undefined,
  shotIds: string[],
): Promise<Map<string, ShotClip>> {
  const rows = await clipsOfShots(sql, [...new Set(shotIds)]);
  const views = await Promise.all(
    shotIds.map(async (id) => [id, clips ? await clips.view(rows.get(id) ?? null) : PENDING_CLIP]),
  );
  return new Map(views as [string, ShotClip][]);
}

/** Shots with their `clip`. */
export async function withClips<T extends { id: string }>(
  sql: SqlOrTx,
  clips: Pick<Clips, "view"> | undefined,
  shots: T[],
): Promise<(T & { clip: ShotClip })[]> {
  const byShot = await shotClips(sql, clips, shots.map((s) => s.id));
  return shots.map((s) => ({ ...s, clip: byShot.get(s.id)! }));
}

/** A sheet whose balls that have a shot carry its `clip` (balls without one are left as they are). */
export async function sheetWithClips(
  sql: SqlOrTx,
  clips: Pick<Clips, "view"> | undefined,
  sheet: Sheet,
): Promise<Sheet> {
  const balls = sheet.bowlers.flatMap((b) => b.frames.flatMap((f) => f.balls));
  const byShot = await shotClips(
    sql,
    clips,
    balls.flatMap((b) => (b.shotId ? [b.shotId] : [])),
  );
  return {
    ...sheet,
    bowlers: sheet.bowlers.map((bowler) => ({
      ...bowler,
      frames: bowler.frames.map((frame) => ({
        ...frame,
        balls: frame.balls.map((ball) =>
          ball.shotId ? { ...ball, clip: byShot.get(ball.shotId) ?? null } : ball
        ),
      })),
    })),
  };
}

export async function highlightOf(clips: Pick<Clips, "view">, clip: Clip): Promise<Highlight> {
  return {
    clipId: clip.id,
    laneId: clip.laneId,
    shotId: clip.shotId,
    label: clip.label,
    fromMs: clip.fromMs,
    toMs: clip.toMs,
    createdAt: clip.createdAt.toISOString(),
    clip: await clips.view(clip),
  };
}
