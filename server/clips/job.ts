/**
 * One run of a clip job, in steps that are each safe to repeat: cut the
 * window at the SFU, make the poster, store both (fixed names, so a second
 * run overwrites rather than leaves orphans), record in the job what was
 * stored (a re-run after this point does not cut again: the window may have
 * left the buffer by then), mark the clip ready. A crash between any two
 * steps leaves the job leased; when the lease ends it runs again from the
 * last step recorded.
 * @module
 */
import type { Sql } from "../db.ts";
import type { SfuClient } from "../sfu_client.ts";
import type { PosterMaker } from "./poster.ts";
import type { ClipJob, ClipQueue } from "./queue.ts";
import { getClip, markReady, type StoredFiles } from "./repo.ts";
import type { ClipStore } from "./store.ts";

/** The points between steps, for tests that crash there. */
export type ClipStep = "cut" | "stored" | "checkpointed" | "ready";

export interface ClipJobDeps {
  sql: Sql;
  sfu: Pick<SfuClient, "cutClip">;
  store: ClipStore;
  queue: ClipQueue;
  poster: PosterMaker;
  /** Called between steps (tests stop the run there to play a crash). */
  onStep?: (step: ClipStep, clipId: string) => void | Promise<void>;
}

/** What the run did: the clip is ready, or was not pending (nothing to do). */
export type ClipRunResult = "ready" | "settled";

/** File names of a clip's video (by its content type) and poster. */
export function clipFileNames(clipId: string, contentType: string) {
  return {
    videoKey: `${clipId}.${contentType.startsWith("video/mp4") ? "mp4" : "webm"}`,
    posterKey: `${clipId}.jpg`,
  };
}

/** Runs the job's remaining steps; throws when a step fails (the worker retries or gives up). */
export async function runClipJob(deps: ClipJobDeps, job: ClipJob): Promise<ClipRunResult> {
  const { sql, store, queue, onStep } = deps;
  const clip = await getClip(sql, job.clipId);
  // The job is queued before the transaction that makes the row commits (or
  // rolls back): wait for it; a row that never comes fails the job's retries.
  if (!clip) throw new Error(`Clip "${job.clipId}" is not stored (yet)`);
  if (clip.state !== "pending") return "settled";
  let stored: StoredFiles | null = job.stored;
  if (!stored) {
    const cut = await deps.sfu.cutClip(clip.laneId, { fromMs: clip.fromMs, toMs: clip.toMs });
    if (cut.bytes.length === 0) throw new Error("The SFU answered an empty clip");
    await onStep?.("cut", clip.id);
    const poster = await deps.poster(cut.bytes, cut.contentType);
    const names = clipFileNames(clip.id, cut.contentType);
    const contentType = names.videoKey.endsWith(".mp4") ? "video/mp4" : "video/webm";
    await store.put(names.videoKey, cut.bytes, contentType);
    await store.put(names.posterKey, poster, "image/jpeg");
    await onStep?.("stored", clip.id);
    stored = {
      ...names,
      contentType,
      durationMs: Math.max(0, Math.round(cut.durationMs)),
      bytes: cut.bytes.length,
    };
    if (!await queue.checkpoint(job, stored)) throw new Error("The clip job was taken over");
    await onStep?.("checkpointed", clip.id);
  }
  await markReady(sql, clip.id, stored);
  await onStep?.("ready", clip.id);
  return "ready";
}
