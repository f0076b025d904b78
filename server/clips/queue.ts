/**
 * The clip jobs' queue in Deno KV (keys from server/kv.ts): one job per clip
 * (enqueueing it twice changes nothing), an index by due time, and claims
 * that count the attempt and lease the job (a worker that dies holding one
 * frees it when the lease ends, and the job runs again). Each change checks
 * the job's versionstamp, so a worker whose lease ran out cannot overwrite
 * the job another worker took over.
 *
 * @example
 * ```ts ignore
 * const queue = createClipQueue({ kv });
 * await queue.enqueue(clipId);
 * const job = await queue.claim(60_000);
 * if (job) await queue.finish(job);
 * ```
 * @module
 */
import { KEYS } from "../kv.ts";
import type { StoredFiles } from "./repo.ts";

export interface ClipJobState {
  clipId: string;
  /** Claims so far, this one included. */
  attempts: number;
  dueAt: number;
  /** Files already stored by an earlier attempt (so a re-run does not cut again). */
  stored: StoredFiles | null;
  lastError: string | null;
}

/** A claimed job: its state and the versionstamp its changes check. */
export interface ClipJob extends ClipJobState {
  versionstamp: string;
}

export interface ClipQueue {
  /** Queues the clip's job (due now); false when it is queued already. */
  enqueue(clipId: string): Promise<boolean>;
  /** Claims the job due first, leasing it for `leaseMs`; null when none is due. */
  claim(leaseMs: number): Promise<ClipJob | null>;
  /** Records what the job stored; false when the job is no longer this worker's. */
  checkpoint(job: ClipJob, stored: StoredFiles): Promise<boolean>;
  /** Puts the job back, due in `delayMs`, with the error. */
  retry(job: ClipJob, delayMs: number, error: string): Promise<boolean>;
  /** Removes the job (its clip is ready, failed or gone). */
  finish(job: ClipJob): Promise<boolean>;
  /** When the next job falls due (epoch ms), or null when none is queued. */
  nextDueAt(): Promise<number | null>;
  /** The job of a clip, if queued. */
  get(clipId: string): Promise<ClipJobState | null>;
}

export function createClipQueue(
  options: { kv: Deno.Kv; now?: () => number },
): ClipQueue {
  const { kv, now = Date.now } = options;

  /** Replaces the job's state and due entry if it is unchanged since `job` was read. */
  async function move(job: ClipJob, next: ClipJobState): Promise<string | null> {
    const result = await kv.atomic()
      .check({ key: KEYS.clipJob(job.clipId), versionstamp: job.versionstamp })
      .delete(KEYS.clipJobDue(job.dueAt, job.clipId))
      .set(KEYS.clipJob(job.clipId), next)
      .set(KEYS.clipJobDue(next.dueAt, job.clipId), job.clipId)
      .commit();
    return result.ok ? result.versionstamp : null;
  }

  return {
    async enqueue(clipId) {
      const state: ClipJobState = {
        clipId,
        attempts: 0,
        dueAt: now(),
        stored: null,
        lastError: null,
      };
      const result = await kv.atomic()
        .check({ key: KEYS.clipJob(clipId), versionstamp: null })
        .set(KEYS.clipJob(clipId), state)
        .set(KEYS.clipJobDue(state.dueAt, clipId), clipId)
        .commit();
      return result.ok;
    },
    async nextDueAt() {
      for await (const entry of kv.list<string>({ prefix: KEYS.clipJobsDue() }, { limit: 1 })) {
        return Number(entry.key[1]);
      }
      return null;
    },
    async claim(leaseMs) {
      const t = now();
      const due = kv.list<string>({
        prefix: KEYS.clipJobsDue(),
        end: [...KEYS.clipJobsDue(), t + 1],
      }, { limit: 10 });
      for await (const entry of due) {
        const clipId = entry.value;
        const current = await kv.get<ClipJobState>(KEYS.clipJob(clipId));
        if (!current.value || current.value.dueAt !== entry.key[1]) {
          // A stale index entry (its job moved or finished): drop it.
          await kv.atomic().check(entry).delete(entry.key).commit();
          continue;
        }
        const job = { ...current.value, versionstamp: current.versionstamp! };
        const next = { ...current.value, attempts: job.attempts + 1, dueAt: t + leaseMs };
        const versionstamp = await move(job, next);
        if (versionstamp) return { ...next, versionstamp };
      }
      return null;
    },
    async checkpoint(job, stored) {
      const next = { ...stateOf(job), stored };
      const result = await kv.atomic()
        .check({ key: KEYS.clipJob(job.clipId), versionstamp: job.versionstamp })
        .set(KEYS.clipJob(job.clipId), next)
        .commit();
      if (!result.ok) return false;
      job.stored = stored;
      job.versionstamp = result.versionstamp;
      return true;
    },
    async retry(job, delayMs, error) {
      const versionstamp = await move(job, {
        ...stateOf(job),
        dueAt: now() + delayMs,
        lastError: error,
      });
      return versionstamp !== null;
    },
    async finish(job) {
      const result = await kv.atomic()
        .check({ key: KEYS.clipJob(job.clipId), versionstamp: job.versionstamp })
        .delete(KEYS.clipJob(job.clipId))
        .delete(KEYS.clipJobDue(job.dueAt, job.clipId))
        .commit();
      return result.ok;
    },
    async get(clipId) {
      return (await kv.get<ClipJobState>(KEYS.clipJob(clipId))).value;
    },
  };
}

function stateOf(job: ClipJob): ClipJobState {
  const { versionstamp: _, ...state } = job;
  return state;
}
