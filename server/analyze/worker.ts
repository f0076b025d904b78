/**
 * Runs queued video analyses, at most `concurrency` at a time (1–2, so the
 * live lanes' sidecar keeps its CPU): claims a job, runs it through the
 * analyzer subprocess with its progress recorded, stores the result in
 * PostgreSQL, and deletes the uploaded file whether the job succeeded,
 * failed or was cancelled. At start, and every minute, it sweeps what a crash
 * left: jobs whose running instance is gone fail as interrupted, queued jobs
 * whose upload's instance is gone are taken over when the file is here (a
 * shared ANALYZE_DIR) and fail otherwise, and files no job owns are deleted
 * once they are a quarter of an hour old (younger ones may be uploads still
 * arriving at another instance). Several API instances may share the queue
 * (KV_PATH=postgres); each claims only the jobs whose upload it holds.
 *
 * With a second opinion (Rekognition) the upload also goes there, beside the
 * job: the file is deleted once it is in S3 and the analysis is done, the
 * job ends with Lanecast's own result (`second_opinion: pending`), and the
 * second opinion's labels are merged into the stored result when they come.
 * A second opinion still pending when the server stops is taken up at the
 * next start (pending_opinions.ts): Rekognition's job is read again if it
 * had started, else the opinion fails as interrupted; its S3 object is
 * deleted either way.
 *
 * A video in which nothing was bowled and the pin classifier never read a
 * rack fails with `no_lane_found` rather than ending as "done, no shots".
 */
import { videoAnalysis } from "../../core/video_analysis.ts";
import { type CalibrationPoints, fitCalibration } from "../../core/calibration.ts";
import type { Sql } from "../db.ts";
import type { AnalyzeJob, AnalyzeJobs } from "./jobs.ts";
import { addSecondOpinion, getAnalysis, saveAnalysis } from "./repo.ts";
import type { PendingOpinions } from "./pending_opinions.ts";
import { cutPosters, sweepPosters } from "./posters.ts";
import { PAUSED, type RekognitionOpinion, type SecondOpinion } from "./rekognition.ts";
import { RunStopped, runVideoAnalysis, type VideoRunner } from "./runner.ts";
import type { Instances } from "./instances.ts";

/** How often the sweep looks for what a stopped instance left. */
const SWEEP_MS = 60_000;
/** A file no job owns is deleted only when it is this old: it may be an upload still arriving. */
const STRAY_AGE_MS = 15 * 60_000;

export interface AnalyzeWorkerOptions {
  jobs: AnalyzeJobs;
  sql: Sql;
  /** Folder of the uploaded files (swept at start). */
  dir: string;
  concurrency: number;
  maxWidth: number;
  timeoutMs: number;
  run?: VideoRunner;
  /** Rekognition as a second opinion (`REKOGNITION=on`); none when absent. */
  secondOpinion?: Pick<RekognitionOpinion, "start" | "resume"> | null;
  /** Where second opinions being asked are recorded, to be resumed after a restart. */
  pending: PendingOpinions;
  /** Which API instances are alive (several may share the queue); none: this one alone. */
  instances?: Instances;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface AnalyzeWorker {
  /** Sweeps, then runs jobs as they come until stopped. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Looks for queued jobs now (after an upload). */
  wake(): void;
  /** Stops a job running here at once (its record already says cancelled-requested). */
  abort(jobId: string): void;
  /** Runs queued jobs until none is left (tests). */
  drain(): Promise<void>;
  /** Fails jobs a crash left running and deletes files no queued job owns. */
  sweep(): Promise<void>;
  /** Takes up the second opinions a stop left pending (part of start). */
  resumeSecondOpinions(): Promise<void>;
  /** Waits for the second opinions still being asked (tests). */
  secondOpinions(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: "video/mp4",
  mov: "video/quicktime",
  avi: "video/x-msvideo",
};

export const removeFile = (path: string) => Deno.remove(path).catch(() => {});

/** A video in which the analyzer found no shot and never read a rack of pins. */
function noLaneFound(job: AnalyzeJob): RunStopped {
  const where = job.calibrationSource === "corners"
    ? "where the corners you clicked put them"
    : job.calibrationSource === "lane"
    ? "where the lane's calibration puts them"
    : "where a lane filmed from behind the bowler has them";
  return new RunStopped(
    "no_lane_found",
    `No lane was found in the video: no pins were seen ${where}`,
  );
}

export function createAnalyzeWorker(o: AnalyzeWorkerOptions): AnalyzeWorker {
  const run = o.run ?? runVideoAnalysis;
  const log = o.log ?? ((line) => console.log(`analyze: ${line}`));
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  const alive = (id: string | undefined) => o.instances?.alive(id) ?? Promise.resolve(false);
  let stopped = true;
  let pumping: Promise<void> | null = null;
  const opinions = new Map<Promise<void>, AbortController>();

  /**
   * Merges the second opinion into the stored result once both have come:
   * it answered (or failed), and the job ended (`stored` says whether its own
   * result was saved; nothing is merged into a job that stored none). Its
   * pending record goes then, unless the server is stopping (PAUSED): the
   * next start takes it up.
   */
  function follow(
    jobId: string,
    result: Promise<SecondOpinion>,
    stored: Promise<boolean>,
    abort: AbortController,
  ) {
    const answer = result.then(
      (op) => op,
      (err) => ({ error: (err as Error).message }),
    );
    const done = Promise.all([answer, stored])
      .then(async ([op, saved]) => {
        if (abort.signal.reason === PAUSED) return;
        if (saved) await addSecondOpinion(o.sql, jobId, op);
        await o.pending.end(jobId);
      })
      .catch((err) => log(`job ${jobId}: second opinion not stored: ${err}`))
      .finally(() => opinions.delete(done));
    opinions.set(done, abort);
  }

  function askSecondOpinion(job: AnalyzeJob, abort: AbortController, stored: Promise<boolean>) {
    if (!o.secondOpinion) return null;
    const secondAbort = new AbortController();
    abort.signal.addEventListener("abort", () => secondAbort.abort(), { once: true });
    const recorded = o.pending.begin(job.id, o.instances?.id);
    const second = o.secondOpinion.start(
      job.path,
      job.id,
      CONTENT_TYPES[job.metadata.format] ?? "application/octet-stream",
      secondAbort.signal,
      async (rekognitionJobId) => {
        await recorded;
        await o.pending.started(job.id, rekognitionJobId);
      },
    );
    follow(job.id, Promise.all([recorded, second.result]).then(([, r]) => r), stored, secondAbort);
    return second;
  }

  async function runJob(job: AnalyzeJob, abort: AbortController): Promise<void> {
    let last = 0;
    let ended = (_saved: boolean) => {};
    const stored = new Promise<boolean>((resolve) => (ended = resolve));
    const second = askSecondOpinion(job, abort, stored);
    try {
      const out = await run({
        path: job.path,
        metadata: job.metadata,
        calibration: job.calibration,
        maxWidth: o.maxWidth,
        timeoutMs: o.timeoutMs,
        signal: abort.signal,
        onProgress: (p) => {
          if (p - last < 0.02) return;
          last = p;
          o.jobs.progress(job.id, Math.round(p * 1000) / 1000).then(async () => {
            if ((await o.jobs.get(job.id))?.cancelRequested) abort.abort();
          }).catch(() => {});
        },
      });
      if (!out.shots.length && out.lane && !out.lane.rackSeen) throw noLaneFound(job);
      const result = videoAnalysis({
        jobId: job.id,
        metadata: job.metadata,
        reports: out.shots,
        t0Ms: out.t0Ms,
        models: out.models,
      });
      if (second) result.second_opinion = { state: "pending" };
      if (job.calibrationSource === "corners") {
        const fit = fitCalibration(job.calibration as CalibrationPoints);
        result.lane_fit = {
          width: fit.width,
          height: fit.height,
          laneToImage: [...fit.laneToImage],
        };
      }
      await cutPosters(job.path, o.dir, job.id, result.shots.map((s) => s.releaseAt));
      await saveAnalysis(o.sql, {
        id: job.id,
        userId: job.userId,
        laneId: job.laneId,
        ball: job.ball ?? null,
        result,
      });
      ended(true);
      await o.jobs.end(job.id, { state: "done" });
      log(`job ${job.id} done: ${result.shots.length} shots in ${out.frames} frames`);
    } catch (err) {
      const stop = err instanceof RunStopped ? err : null;
      await o.jobs.end(job.id, {
        state: stop?.code === "analysis_cancelled" ? "cancelled" : "failed",
        error: {
          code: stop?.code ?? "analysis_failed",
          message: stop?.message ?? `The video could not be analysed: ${(err as Error).message}`,
        },
      }).catch(() => {});
      log(`job ${job.id} ${stop?.code ?? "failed"}: ${(err as Error).message}`);
    } finally {
      ended(false); // no-op once the result was saved
      // The second opinion reads the file into S3 first; then it may go.
      await second?.uploaded.catch(() => {});
      await removeFile(job.path);
    }
  }

  /** Claims and starts jobs while there is room; resolves when nothing more can start. */
  async function fill(): Promise<void> {
    while (running.size < o.concurrency) {
      const job = await o.jobs.claim(o.instances?.id);
      if (!job) return;
      const entry = { abort: new AbortController(), done: Promise.resolve() };
      entry.done = runJob(job, entry.abort).finally(() => {
        running.delete(job.id);
        if (!stopped) pump();
      });
      running.set(job.id, entry);
    }
  }

  function pump() {
    pumping ??= fill().catch((err) => log(`queue: ${err}`)).finally(() => (pumping = null));
  }

  return {
    async start() {
      stopped = false;
      await o.instances?.start();
      await this.sweep();
      await this.resumeSecondOpinions();
      pump();
      timer = setInterval(pump, o.pollMs ?? 2_000);
      sweeper = setInterval(() => {
        this.sweep().then(() => this.resumeSecondOpinions())
          .then(() => pump())
          .catch((err) => log(`sweep: ${err}`));
      }, SWEEP_MS);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(sweeper);
      for (const r of running.values()) r.abort.abort();
      for (const a of opinions.values()) a.abort(PAUSED);
      await pumping;
      await Promise.all([...running.values()].map((r) => r.done));
      // Gone: what it leaves (queued uploads, paused second opinions) is for the others to take.
      await o.instances?.stop();
    },
    wake() {
      if (!stopped) pump();
    },
    abort(jobId) {
      running.get(jobId)?.abort.abort();
    },
    async secondOpinions() {
      while (opinions.size) await Promise.all([...opinions.keys()]);
    },
    async drain() {
      for (;;) {
        await fill();
        if (!running.size) return;
        await Promise.race([...running.values()].map((r) => r.done));
      }
    },
    async resumeSecondOpinions() {
      for (const p of await o.pending.all()) {
        // Another live instance is asking (or this one): not ours to take up.
        if (await alive(p.instance)) continue;
        if (o.instances && !(await o.pending.take(p, o.instances.id))) continue;
        const row = await getAnalysis(o.sql, p.jobId);
        const saved = row?.result.second_opinion?.state === "pending";
        if (!o.secondOpinion) {
          if (saved) {
            await addSecondOpinion(o.sql, p.jobId, {
              error: "The server restarted without Rekognition configured",
            });
          }
          await o.pending.end(p.jobId);
          log(`job ${p.jobId}: second opinion given up (REKOGNITION is off); s3 object left`);
          continue;
        }
        const abort = new AbortController();
        // A job that stored no result (it failed as interrupted) needs no labels: only the cleanup.
        const result = o.secondOpinion.resume(
          p.jobId,
          saved ? p.rekognitionJobId : null,
          abort.signal,
        );
        follow(p.jobId, result, Promise.resolve(saved), abort);
        log(`job ${p.jobId}: second opinion resumed (${p.rekognitionJobId ?? "not started"})`);
      }
    },
    async sweep() {
      await sweepPosters(o.dir);
      const keep = new Set<string>();
      const interrupted = (message: string) => ({
        state: "failed" as const,
        error: { code: "analysis_interrupted", message },
      });
      for (const job of await o.jobs.all()) {
        if (job.state !== "running" && job.state !== "queued") continue;
        keep.add(job.path);
        if (job.state === "running") {
          if (running.has(job.id) || await alive(job.runner)) continue;
          await o.jobs.end(job.id, interrupted("The server restarted during the analysis"));
          await removeFile(job.path);
        } else if (
          job.instance && job.instance !== o.instances?.id && !(await alive(job.instance))
        ) {
          // Its instance is gone: the upload is here (a shared folder) or lost with it.
          const here = await Deno.stat(job.path).then(() => true, () => false);
          if (here && o.instances) await o.jobs.adopt(job.id, o.instances.id);
          else if (!here) {
            await o.jobs.end(job.id, interrupted("The server holding the upload stopped"));
          }
        }
      }
      try {
        for await (const e of Deno.readDir(o.dir)) {
          const path = `${o.dir}/${e.name}`;
          if (!e.isFile || keep.has(path)) continue;
          const mtime = (await Deno.stat(path).catch(() => null))?.mtime?.getTime() ?? 0;
          if (Date.now() - mtime >= STRAY_AGE_MS) await removeFile(path);
        }
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    },
  };
}
