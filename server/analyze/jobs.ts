/**
 * Video analysis jobs in Deno KV (keys from server/kv.ts): each job's record,
 * a queue ordered by when jobs were queued, and each user's unfinished jobs
 * (checked and changed atomically, so the per-user limit holds under
 * concurrent uploads). A finished job's record stays a day for its owner to
 * read, then expires; its result lives on in PostgreSQL.
 *
 * @example
 * ```ts ignore
 * const jobs = createAnalyzeJobs({ kv, maxPerUser: 3 });
 * await jobs.enqueue(newJob);
 * const job = await jobs.claim(); // running now
 * await jobs.end(job!.id, { state: "done", analysisId: job!.id });
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import type { VideoMetadata } from "../../core/video_analysis.ts";
import { KEYS } from "../kv.ts";
import type { LaneBall } from "./lane_ball.ts";

export type AnalyzeState = "queued" | "running" | "done" | "failed" | "cancelled";

export interface AnalyzeJob {
  id: string;
  userId: string;
  laneId: string | null;
  /** The lane ball the video shows, when staff attached it to one (its markets settle by it). */
  ball?: LaneBall | null;
  state: AnalyzeState;
  /** 0…1 of the video's frames analysed. */
  progress: number;
  /** The uploaded file (a generated name in ANALYZE_DIR); deleted when the job ends. */
  path: string;
  bytes: number;
  metadata: VideoMetadata;
  /** The lane's calibration when the upload named a lane (as the live sidecar gets it), else null. */
  calibration: unknown;
  /** Where `calibration` came from: the named lane's, corners clicked on the first frame, or none. */
  calibrationSource?: "lane" | "corners" | null;
  queuedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: { code: string; message: string } | null;
  /** Set while running when its owner or staff asked to stop it. */
  cancelRequested: boolean;
  /** The API instance whose disk holds the upload (server/analyze/instances.ts); absent: any. */
  instance?: string;
  /** The instance running it, while it runs. */
  runner?: string;
}

/** What the API shows of a job (not its file's path). */
export type AnalyzeJobView =
  & Omit<
    AnalyzeJob,
    | "path"
    | "userId"
    | "cancelRequested"
    | "calibration"
    | "calibrationSource"
    | "instance"
    | "runner"
  >
  & { calibrationSource: "lane" | "corners" | null };

export const jobView = (
  {
    path: _p,
    userId: _u,
    cancelRequested: _c,
    calibration: _k,
    instance: _i,
    runner: _r,
    ...view
  }: AnalyzeJob,
): AnalyzeJobView => ({ ...view, calibrationSource: view.calibrationSource ?? null });

/** How long a finished job's record is kept. */
const FINISHED_TTL_MS = 24 * 3600 * 1000;
const ATTEMPTS = 8;

export interface AnalyzeJobs {
  /** Queues a new job; `too_many_analyze_jobs` when its owner has `maxPerUser` unfinished. */
  enqueue(job: AnalyzeJob): Promise<void>;
  /**
   * Holds one of the user's `maxPerUser` places for an upload about to be
   * received (`too_many_analyze_jobs` when none is free), so parallel uploads
   * are refused before their bodies reach the disk; `enqueue` of the same id
   * takes the place over, `release` gives it back. A place a crashed process
   * never released frees itself after {@linkcode RESERVATION_TTL_MS}.
   */
  reserve(userId: string, jobId: string): Promise<void>;
  /** Gives back a place `reserve` held (the upload was refused); nothing if there is none. */
  release(userId: string, jobId: string): Promise<void>;
  /** How many unfinished jobs (and reserved places) the user has. */
  activeCount(userId: string): Promise<number>;
  /**
   * Takes the oldest queued job whose upload `instance` holds and marks it
   * running there; null when none waits.
   */
  claim(instance?: string): Promise<AnalyzeJob | null>;
  /** Makes `instance` the holder of a queued job's upload (it found the file); null if not queued. */
  adopt(jobId: string, instance: string): Promise<AnalyzeJob | null>;
  get(jobId: string): Promise<AnalyzeJob | null>;
  /** Records a running job's progress (ignored once it is no longer running). */
  progress(jobId: string, progress: number): Promise<void>;
  /** Ends a job (done, failed or cancelled): off the queue and its owner's list; null if ended already. */
  end(
    jobId: string,
    outcome: { state: "done" | "failed" | "cancelled"; error?: AnalyzeJob["error"] },
  ): Promise<AnalyzeJob | null>;
  /** Asks a running job to stop, or ends a queued one; the job as it now is. */
  cancel(jobId: string): Promise<AnalyzeJob | null>;
  /** Every job record (the start-up sweep). */
  all(): Promise<AnalyzeJob[]>;
}

/** How long a reserved place lasts unless its upload is queued or released (an upload's longest). */
export const RESERVATION_TTL_MS = 2 * 3600 * 1000;

/** A reserved place in a user's list: `reserve:<jobId>@<expires at, ms>`. */
const reservation = (jobId: string, expiresAt: number) => `reserve:${jobId}@${expiresAt}`;
const isReservationOf = (entry: string, jobId: string) => entry.startsWith(`reserve:${jobId}@`);

/** The user's list without reserved places that have expired. */
function live(ids: string[], at: number): string[] {
  return ids.filter((e) =>
    !e.startsWith("reserve:") || Number(e.slice(e.lastIndexOf("@") + 1)) > at
  );
}

const tooMany = (max: number) =>
  new DomainError("too_many_analyze_jobs", `You already have ${max} videos waiting for analysis`, {
    retryAfter: 30,
  });

export function createAnalyzeJobs(
  options: {
    kv: Deno.Kv;
    maxPerUser: number;
    now?: () => number;
    /** Told of every job record written (queued, running, progress, ended): the live channel. */
    onChange?: (job: AnalyzeJob) => void;
  },
): AnalyzeJobs {
  const { kv, maxPerUser, now = Date.now } = options;
  const changed = (job: AnalyzeJob) => {
    try {
      options.onChange?.(job);
    } catch (err) {
      console.error(`analyze: telling of job "${job.id}" failed`, err);
    }
  };

  async function update(
    jobId: string,
    change: (job: AnalyzeJob) => AnalyzeJob | null,
  ): Promise<AnalyzeJob | null> {
    for (let i = 0; i < ATTEMPTS; i++) {
      const cur = await kv.get<AnalyzeJob>(KEYS.analyzeJob(jobId));
      if (!cur.value) return null;
      const next = change(cur.value);
      if (!next) return null;
      const ok = await kv.atomic().check(cur).set(KEYS.analyzeJob(jobId), next).commit();
      if (ok.ok) {
        changed(next);
        return next;
      }
    }
    throw new Error(`Cannot update analysis job "${jobId}": too much contention`);
  }

  return {
    async enqueue(job) {
      for (let i = 0; i < ATTEMPTS; i++) {
        const mine = await kv.get<string[]>(KEYS.analyzeUserJobs(job.userId));
        const all = live(mine.value ?? [], now());
        const ids = all.filter((e) => !isReservationOf(e, job.id));
        // Its own reserved place is taken over; without one, a place must be free.
        if (ids.length === all.length && ids.length >= maxPerUser) throw tooMany(maxPerUser);
        const ok = await kv.atomic()
          .check(mine)
          .check({ key: KEYS.analyzeJob(job.id), versionstamp: null })
          .set(KEYS.analyzeUserJobs(job.userId), [...ids, job.id])
          .set(KEYS.analyzeJob(job.id), job)
          .set(KEYS.analyzeQueued(job.queuedAt, job.id), job.id)
          .commit();
        if (ok.ok) return changed(job);
      }
      throw tooMany(maxPerUser);
    },
    async reserve(userId, jobId) {
      for (let i = 0; i < ATTEMPTS; i++) {
        const mine = await kv.get<string[]>(KEYS.analyzeUserJobs(userId));
        const ids = live(mine.value ?? [], now());
        if (ids.length >= maxPerUser) throw tooMany(maxPerUser);
        const ok = await kv.atomic().check(mine)
          .set(KEYS.analyzeUserJobs(userId), [
            ...ids,
            reservation(jobId, now() + RESERVATION_TTL_MS),
          ])
          .commit();
        if (ok.ok) return;
      }
      throw tooMany(maxPerUser);
    },
    async release(userId, jobId) {
      for (let i = 0; i < ATTEMPTS; i++) {
        const mine = await kv.get<string[]>(KEYS.analyzeUserJobs(userId));
        const ids = mine.value ?? [];
        if (!ids.some((e) => isReservationOf(e, jobId))) return;
        const ok = await kv.atomic().check(mine)
          .set(KEYS.analyzeUserJobs(userId), ids.filter((e) => !isReservationOf(e, jobId)))
          .commit();
        if (ok.ok) return;
      }
      throw new Error(`Cannot release the upload place of "${jobId}": too much contention`);
    },
    async activeCount(userId) {
      return live((await kv.get<string[]>(KEYS.analyzeUserJobs(userId))).value ?? [], now()).length;
    },
    async claim(instance) {
      // The queue is short (each person has a few jobs at most): read it all.
      for await (const entry of kv.list<string>({ prefix: KEYS.analyzeQueue() })) {
        const cur = await kv.get<AnalyzeJob>(KEYS.analyzeJob(entry.value));
        if (!cur.value || cur.value.state !== "queued") {
          await kv.atomic().check(entry).delete(entry.key).commit();
          continue;
        }
        // Another instance's disk holds this upload.
        if (cur.value.instance && instance && cur.value.instance !== instance) continue;
        const next: AnalyzeJob = {
          ...cur.value,
          state: "running",
          startedAt: now(),
          ...(instance ? { runner: instance } : {}),
        };
        const ok = await kv.atomic().check(cur).check(entry).delete(entry.key)
          .set(KEYS.analyzeJob(next.id), next).commit();
        if (ok.ok) {
          changed(next);
          return next;
        }
      }
      return null;
    },
    async adopt(jobId, instance) {
      return await update(jobId, (j) => (j.state === "queued" ? { ...j, instance } : null));
    },
    async get(jobId) {
      return (await kv.get<AnalyzeJob>(KEYS.analyzeJob(jobId))).value;
    },
    async progress(jobId, progress) {
      await update(jobId, (j) => (j.state === "running" ? { ...j, progress } : null));
    },
    async end(jobId, outcome) {
      for (let i = 0; i < ATTEMPTS; i++) {
        const cur = await kv.get<AnalyzeJob>(KEYS.analyzeJob(jobId));
        const job = cur.value;
        if (!job || !(job.state === "queued" || job.state === "running")) return null;
        const mine = await kv.get<string[]>(KEYS.analyzeUserJobs(job.userId));
        const next: AnalyzeJob = {
          ...job,
          state: outcome.state,
          progress: outcome.state === "done" ? 1 : job.progress,
          finishedAt: now(),
          error: outcome.error ?? null,
          cancelRequested: false,
        };
        const ok = await kv.atomic().check(cur).check(mine)
          .set(KEYS.analyzeJob(jobId), next, { expireIn: FINISHED_TTL_MS })
          .set(
            KEYS.analyzeUserJobs(job.userId),
            live(mine.value ?? [], now()).filter((id) => id !== jobId),
          )
          .delete(KEYS.analyzeQueued(job.queuedAt, jobId))
          .commit();
        if (ok.ok) {
          changed(next);
          return next;
        }
      }
      throw new Error(`Cannot end analysis job "${jobId}": too much contention`);
    },
    async cancel(jobId) {
      const job = await this.get(jobId);
      if (!job) return null;
      if (job.state === "queued") {
        return (await this.end(jobId, {
          state: "cancelled",
          error: { code: "analysis_cancelled", message: "The analysis was cancelled" },
        })) ?? await this.get(jobId);
      }
      if (job.state === "running") {
        return await update(
          jobId,
          (j) => (j.state === "running" ? { ...j, cancelRequested: true } : null),
        ) ??
          await this.get(jobId);
      }
      throw new DomainError(
        "analysis_finished",
        `The analysis "${jobId}" has already ${job.state === "done" ? "finished" : job.state}`,
      );
    },
    async all() {
      const out: AnalyzeJob[] = [];
      for await (const e of kv.list<AnalyzeJob>({ prefix: KEYS.analyzeJobs() })) out.push(e.value);
      return out;
    },
  };
}
