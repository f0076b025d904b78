/**
 * Video analysis as the API uses it: the job queue, the worker, and taking
 * an upload in (streamed to a generated name in ANALYZE_DIR, checked by its
 * bytes and ffprobe, queued). Every refusal deletes what was written.
 */
import { DomainError } from "../../core/errors.ts";
import {
  calibrationFromCorners,
  checkLaneCorners,
  parseLaneCorners,
} from "../../core/lane_corners.ts";
import { MAGIC_BYTES, sniffVideo } from "../../core/video_magic.ts";
import type { ServerConfig } from "../config.ts";
import type { Sql } from "../db.ts";
import { type Role, STAFF } from "../auth/roles.ts";
import { findLane, unknownLane } from "../lanes/find.ts";
import { makePrivateDir } from "../private_dir.ts";
import { type AnalyzeJob, type AnalyzeJobs, createAnalyzeJobs, jobView } from "./jobs.ts";
import type { LiveHub } from "../live/hub.ts";
import { publishToUser } from "../live/user_events.ts";

/** The live event on a user's channel each time one of their analysis jobs changes. */
export const ANALYSIS_EVENT = "analysis";
import { laneBallOf } from "./lane_ball.ts";
import { receiveUpload } from "./multipart_upload.ts";
import { probeVideo } from "./probe.ts";
import type { VideoRunner } from "./runner.ts";
import type { RekognitionOpinion } from "./rekognition.ts";
import { secondOpinionOf } from "./second_opinion.ts";
import { createInstances } from "./instances.ts";
import { createPendingOpinions } from "./pending_opinions.ts";
import { type AnalyzeWorker, createAnalyzeWorker, removeFile } from "./worker.ts";

export interface Analyze {
  jobs: AnalyzeJobs;
  worker: AnalyzeWorker;
  dir: string;
  /** Takes an upload in and queues its job; only staff may name a lane ball (`lane_ball.ts`). */
  accept(req: Request, userId: string, role?: string): Promise<AnalyzeJob>;
  /** Cancels a job (a queued one's file is deleted now, a running one's when its run stops). */
  cancel(jobId: string): Promise<AnalyzeJob | null>;
}

/** Multipart overhead allowed beyond the file itself (boundaries, headers, laneId or corners). */
const FORM_OVERHEAD = 64 * 1024;

export async function createAnalyze(options: {
  config: Readonly<ServerConfig>;
  kv: Deno.Kv;
  sql: Sql;
  run?: VideoRunner;
  /** Overrides the configured second opinion (tests); `null` for none. */
  secondOpinion?: Pick<RekognitionOpinion, "start" | "resume"> | null;
  /** Where each job's changes go to its owner (`analysis` events on their channel). */
  live?: LiveHub;
  log?: (line: string) => void;
}): Promise<Analyze> {
  const { config, kv, sql } = options;
  const dir = config.ANALYZE_DIR ?? `${config.DATA_DIR}/analyze`;
  await makePrivateDir(dir);
  const maxBytes = config.ANALYZE_MAX_BYTES;
  const jobs = createAnalyzeJobs({
    kv,
    maxPerUser: config.ANALYZE_MAX_JOBS_PER_USER,
    onChange: (job) =>
      options.live &&
      publishToUser(options.live, job.userId, { type: ANALYSIS_EVENT, data: jobView(job) }),
  });
  // Several API instances may share the queue (KV_PATH=postgres): each knows which are alive.
  const instances = createInstances(kv);
  const worker = createAnalyzeWorker({
    jobs,
    instances,
    sql,
    dir,
    concurrency: config.ANALYZE_CONCURRENCY,
    maxWidth: config.ANALYZE_MAX_WIDTH,
    timeoutMs: config.ANALYZE_TIMEOUT_S * 1000,
    run: options.run,
    pending: createPendingOpinions(kv),
    secondOpinion: options.secondOpinion === undefined
      ? secondOpinionOf(config)
      : options.secondOpinion,
    log: options.log,
  });
  const tooLarge = () =>
    new DomainError("video_too_large", `Videos are limited to ${maxBytes} bytes`, { maxBytes });

  async function accept(req: Request, userId: string, role = "spectator"): Promise<AnalyzeJob> {
    const length = Number(req.headers.get("content-length") ?? NaN);
    if (length > maxBytes + FORM_OVERHEAD) throw tooLarge();
    if (!req.body) {
      throw new DomainError("video_missing", 'Send the video in the form field "file"');
    }
    const id = crypto.randomUUID();
    // The user's place is held before a byte is written (parallel uploads cannot fill the
    // disk past the cap) and given back if the upload is refused.
    await jobs.reserve(userId, id);
    const part = `${dir}/${id}.part`;
    let path = part;
    try {
      const up = await receiveUpload(req.body, req.headers.get("content-type"), {
        path: part,
        maxBytes,
      });
      if (!up.hadFile || up.bytes === 0) {
        throw new DomainError(
          "video_missing",
          'Send the video in the form field "file" (it was missing or empty)',
        );
      }
      const format = sniffVideo(up.head.subarray(0, MAGIC_BYTES));
      if (!format) {
        throw new DomainError(
          "video_type_unsupported",
          "The file is not an MP4, MOV or AVI video",
          {
            accepted: ["mp4", "mov", "avi"],
          },
        );
      }
      const laneId = up.fields.laneId?.trim() || null;
      const cornersText = up.fields.corners?.trim() || null;
      if (laneId && cornersText) {
        throw new DomainError(
          "lane_corners_with_lane",
          'Send either "laneId" or "corners", not both',
        );
      }
      const corners = cornersText ? parseLaneCorners(cornersText) : null;
      if (corners) checkLaneCorners(corners);
      const lane = laneId ? await findLane(sql, laneId) : null;
      // The public cannot tell a hidden lane from one that does not exist (nor use its calibration).
      if (lane?.hidden && !STAFF.includes(role as Role)) throw unknownLane(laneId!);
      const ball = await laneBallOf(sql, up.fields, lane?.id ?? null, role);
      path = `${dir}/${id}.${format}`;
      await Deno.rename(part, path);
      const metadata = await probeVideo(path, format);
      const calibration = corners
        ? calibrationFromCorners(corners, metadata.width, metadata.height)
        : lane?.calibration ?? null;
      const job: AnalyzeJob = {
        id,
        userId,
        laneId: lane?.id ?? null,
        ball,
        state: "queued",
        progress: 0,
        path,
        bytes: up.bytes,
        metadata,
        calibration,
        calibrationSource: corners ? "corners" : lane ? "lane" : null,
        queuedAt: Date.now(),
        startedAt: null,
        finishedAt: null,
        error: null,
        cancelRequested: false,
        instance: instances.id,
      };
      await jobs.enqueue(job);
      worker.wake();
      return job;
    } catch (err) {
      await removeFile(path);
      await jobs.release(userId, id);
      throw err;
    }
  }

  async function cancel(jobId: string): Promise<AnalyzeJob | null> {
    const before = await jobs.get(jobId);
    const after = await jobs.cancel(jobId);
    if (before?.state === "queued" && after?.state === "cancelled") await removeFile(before.path);
    if (after?.state === "running") worker.abort(jobId);
    return after;
  }

  return { jobs, worker, dir, accept, cancel };
}
