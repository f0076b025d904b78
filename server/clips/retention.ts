/**
 * Retention of clips: ready clips nobody kept that are older than
 * CLIP_RETENTION_DAYS lose their files and become "expired". Each clip is
 * marked expired before its files are removed (a clip staff keep meanwhile
 * is skipped), then its keys are forgotten; a crash in between leaves an
 * expired clip with keys, whose files the next sweep removes.
 * @module
 */
import type { Sql } from "../db.ts";
import { forgetFiles, listExpirable, markExpired } from "./repo.ts";
import type { Clips } from "./service.ts";

export interface RetentionOptions {
  sql: Sql;
  clips: Pick<Clips, "store">;
  /** Days a clip is kept. */
  days: number;
  /** Sweep this often (default: hourly). */
  intervalMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

/** Removes the files of clips past retention; how many clips expired. */
export async function sweepClips(options: RetentionOptions, batch = 100): Promise<number> {
  const { sql, clips, days, now = Date.now } = options;
  const before = new Date(now() - days * 24 * 3600_000);
  let expired = 0;
  for (;;) {
    const due = await listExpirable(sql, before, batch);
    let progressed = false;
    for (const clip of due) {
      if (!await markExpired(sql, clip.id)) continue;
      for (const key of [clip.videoKey, clip.posterKey]) if (key) await clips.store.delete(key);
      await forgetFiles(sql, clip.id);
      if (clip.state === "ready") expired++;
      progressed = true;
    }
    if (due.length < batch || !progressed) return expired;
  }
}

/** Sweeps now and then every `intervalMs` until stopped. */
export function startClipRetention(options: RetentionOptions): { stop(): Promise<void> } {
  const { intervalMs = 3600_000, log = console.error } = options;
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = sweepClips(options).catch((err) => log(`clips: retention sweep failed: ${err}`));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
