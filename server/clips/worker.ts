/**
 * The clip worker: takes due jobs from the KV queue one at a time and runs
 * them (server/clips/job.ts). A failed run is retried with exponential
 * backoff; after `maxAttempts`, or at once for a refusal no retry can fix (a
 * window too long, a lane gone), the clip is marked "failed" with the reason
 * and the job removed — nothing else is touched. A job claimed
 * `maxAttempts` times without finishing (the process died each time) fails
 * too. On start, pending clips without a job (a lost KV) are queued again.
 *
 * @example
 * ```ts ignore
 * const worker = createClipWorker({ sql, kv, sfu, store });
 * worker.start();
 * await worker.enqueue(clipId); // after committing the clip row
 * ```
 * @module
 */
import { backoffDelay } from "../../core/backoff.ts";
import { DomainError } from "../../core/errors.ts";
import type { Sql } from "../db.ts";
import { createWaiter } from "../waiter.ts";
import { type ClipJobDeps, type ClipStep, runClipJob } from "./job.ts";
import { createPosterMaker, type PosterMaker } from "./poster.ts";
import { type ClipJob, type ClipQueue, createClipQueue } from "./queue.ts";
import { markFailed } from "./repo.ts";

export interface ClipWorkerOptions extends Omit<ClipJobDeps, "queue" | "poster"> {
  kv: Deno.Kv;
  poster?: PosterMaker;
  /** Attempts before the clip fails (default 6). */
  maxAttempts?: number;
  /** How long a claim keeps other workers off a job (default 120 000). */
  leaseMs?: number;
  /** Wait before the next attempt after `attempts` failed (default 1 s doubling to 30 s, jittered). */
  retryDelayMs?: (attempts: number) => number;
  /** Look for due jobs at least this often (default 1000). */
  pollMs?: number;
  now?: () => number;
  log?: (message: string) => void;
  /** Told each clip the worker made ready (after the commit); must not throw. */
  onReady?: (clipId: string) => void | Promise<void>;
}

/** What one step did. */
export type ClipStepOutcome = "idle" | "ready" | "settled" | "retry" | "failed";

export interface ClipWorker {
  readonly queue: ClipQueue;
  /** Queues the clip's job and wakes the loop. */
  enqueue(clipId: string): Promise<void>;
  wake(): void;
  start(): void;
  step(): Promise<ClipStepOutcome>;
  /** Runs steps until no job is due now; how many steps ran. */
  drain(): Promise<number>;
  /** Queues every pending clip that has no job; how many were queued. */
  requeuePending(): Promise<number>;
  stop(): Promise<void>;
}

/** Codes of SFU refusals that no retry changes. */
const PERMANENT = new Set(["clip_too_long", "unknown_lane", "invalid_request", "bad_request"]);

export const CLIP_WORKER_DEFAULTS = Object.freeze({
  maxAttempts: 6,
  leaseMs: 120_000,
  pollMs: 1_000,
  retryDelayMs: (attempts: number) => backoffDelay(attempts, { baseMs: 1_000, maxMs: 30_000 }),
});

export function createClipWorker(options: ClipWorkerOptions): ClipWorker {
  const o = { ...CLIP_WORKER_DEFAULTS, log: console.error, ...options };
  const queue = createClipQueue({ kv: o.kv, now: o.now });
  const deps: ClipJobDeps = {
    sql: o.sql,
    sfu: o.sfu,
    store: o.store,
    queue,
    poster: o.poster ?? createPosterMaker(),
    onStep: o.onStep,
  };
  let loop: Promise<void> | undefined;
  let stopped = false;
  const waiter = createWaiter();

  async function fail(sql: Sql, clipId: string, reason: string): Promise<void> {
    await markFailed(sql, clipId, reason);
    o.log(`clips: clip ${clipId} failed: ${reason}`);
  }

  async function step(): Promise<ClipStepOutcome> {
    const job = await queue.claim(o.leaseMs);
    if (!job) return "idle";
    if (job.attempts > o.maxAttempts) {
      await fail(o.sql, job.clipId, job.lastError ?? "The clip job never finished");
      await queue.finish(job);
      return "failed";
    }
    try {
      const result = await runClipJob(deps, job);
      await queue.finish(job);
      if (result !== "ready") return "settled";
      await Promise.resolve(o.onReady?.(job.clipId)).catch((err) =>
        o.log(`clips: after clip ${job.clipId} was ready: ${err}`)
      );
      return "ready";
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof DomainError && PERMANENT.has(err.code);
      if (permanent || job.attempts >= o.maxAttempts) {
        await fail(o.sql, job.clipId, message);
        await queue.finish(job);
        return "failed";
      }
      o.log(`clips: clip ${job.clipId} attempt ${job.attempts} failed: ${message}`);
      await queue.retry(job, await retryDelay(job, err), message);
      return "retry";
    }
  }

  /**
   * A window the SFU has not captured to its end yet (the shot is stored as
   * the pins settle, the window ends `REPLAY_POST_MS` later) is tried again
   * just after that end, not after the backoff; anything else backs off.
   */
  async function retryDelay(job: ClipJob, err: unknown): Promise<number> {
    const backoff = o.retryDelayMs(job.attempts);
    const notYet = err instanceof DomainError && err.code === "replay_window_gone" &&
      err.extra?.retryAfter !== undefined;
    if (!notYet) return backoff;
    const [row] = await o.sql<{ to_ms: string }[]>`
      select to_ms::text from clips where id = ${job.clipId}`;
    const wait = row ? Number(row.to_ms) + WINDOW_END_MARGIN_MS - Date.now() : backoff;
    return Math.min(backoff, Math.max(MIN_RETRY_MS, wait));
  }

  async function run(): Promise<void> {
    await requeuePending().catch((err) => o.log(`clips: requeue failed: ${err}`));
    while (!stopped) {
      let outcome: ClipStepOutcome = "idle";
      try {
        outcome = await step();
      } catch (err) {
        o.log(`clips: worker step failed: ${err instanceof Error ? err.message : err}`);
      }
      if (outcome === "idle" && !stopped) {
        // Until the next job is due (a window's end), or the poll.
        const next = await queue.nextDueAt().catch(() => null);
        const ms = next === null ? o.pollMs : Math.min(o.pollMs, Math.max(20, next - Date.now()));
        await waiter.wait(ms);
      }
    }
  }

  async function requeuePending(): Promise<number> {
    const rows = await o.sql<{ id: string }[]>`
      select id from clips where state = 'pending' order by created_at limit 1000`;
    let queued = 0;
    for (const { id } of rows) if (await queue.enqueue(id)) queued++;
    return queued;
  }

  const worker: ClipWorker = {
    queue,
    async enqueue(clipId) {
      await queue.enqueue(clipId);
      worker.wake();
    },
    wake: waiter.wake,
    start() {
      loop ??= run();
    },
    step,
    async drain() {
      let steps = 0;
      while (await step() !== "idle") steps++;
      return steps;
    },
    requeuePending,
    async stop() {
      stopped = true;
      waiter.wake();
      await loop;
    },
  };
  return worker;
}

/** How long after a window's end its last frames are in the SFU's buffer, at most. */
const WINDOW_END_MARGIN_MS = 250;
const MIN_RETRY_MS = 100;

export type { ClipStep };
