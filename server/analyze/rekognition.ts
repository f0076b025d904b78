/**
 * AWS Rekognition as a second opinion on an uploaded video (`REKOGNITION=on`):
 * the file goes to S3 under a generated key, `StartLabelDetection` runs on
 * it, `GetLabelDetection` is polled with backoff until the job ends and then
 * read page by page, and the S3 object is deleted afterwards, whether the
 * job succeeded, failed, timed out or was cancelled. Rekognition reports a
 * label once per sighting; they are merged into one label per name with the
 * surest confidence (0…1, Rekognition's percentage / 100), every sighting's
 * time in seconds, its first category, and `source: "rekognition"`.
 *
 * Lanecast's own analysis never waits on this: callers run it beside their
 * own and merge what arrives.
 *
 * @example
 * ```ts ignore
 * const second = createRekognitionOpinion({ s3, rekognition, bucket: "uploads" });
 * const { labels } = await second.labels("/data/analyze/job.mp4", "job-1", "video/mp4");
 * ```
 * @module
 */
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  GetLabelDetectionCommand,
  type GetLabelDetectionResponse,
  type RekognitionClient,
  StartLabelDetectionCommand,
} from "@aws-sdk/client-rekognition";
import { backoffDelay } from "../../core/backoff.ts";
import { DomainError } from "../../core/errors.ts";

/** One label as Rekognition saw it, merged over its sightings. */
export interface SecondOpinionLabel {
  label: string;
  /** The surest sighting, 0…1. */
  confidence: number;
  /** Seconds into the video of each sighting, ascending. */
  timestamps: number[];
  /** Rekognition's first category for the label (e.g. "Sports"), or "Other". */
  category: string;
  source: "rekognition";
}

export interface SecondOpinion {
  labels: SecondOpinionLabel[];
  /** Rekognition's label model, e.g. "3.0". */
  model: string | null;
  /** Polls of `GetLabelDetection` until the job ended. */
  polls: number;
}

export interface RekognitionOpinionOptions {
  s3: S3Client;
  rekognition: RekognitionClient;
  /** Bucket the uploads go to while Rekognition reads them. */
  bucket: string;
  /** Labels below this (percent) are not reported. Default 50. */
  minConfidence?: number;
  /** Give up after this long. Default 10 minutes. */
  maxWaitMs?: number;
  /** Backoff between polls. Default 1 s doubling to 15 s. */
  pollBaseMs?: number;
  pollMaxMs?: number;
  /** Labels per page of `GetLabelDetection` (1–1000). Default 1000. */
  pageSize?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The abort reason that stops a second opinion for a restart: its S3 object stays for resume(). */
export const PAUSED = "second_opinion_paused";

/** The S3 key an upload's copy has while Rekognition reads it. */
const uploadKey = (jobId: string) => `analyze/${jobId}`;

function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/** Merges Rekognition's sightings into one label per name. Pure. */
export function mergeSightings(
  pages: readonly GetLabelDetectionResponse[],
): SecondOpinionLabel[] {
  const byName = new Map<string, SecondOpinionLabel>();
  for (const page of pages) {
    for (const d of page.Labels ?? []) {
      const name = d.Label?.Name;
      if (!name) continue;
      const t = Math.round(((d.Timestamp ?? d.StartTimestampMillis ?? 0) / 1000) * 1000) / 1000;
      const confidence = Math.round((d.Label?.Confidence ?? 0) * 10) / 1000;
      const seen = byName.get(name) ?? {
        label: name,
        confidence: 0,
        timestamps: [],
        category: d.Label?.Categories?.[0]?.Name ?? "Other",
        source: "rekognition" as const,
      };
      seen.confidence = Math.max(seen.confidence, confidence);
      seen.timestamps.push(t);
      byName.set(name, seen);
    }
  }
  const labels = [...byName.values()];
  for (const l of labels) l.timestamps = [...new Set(l.timestamps)].sort((a, b) => a - b);
  return labels.sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label));
}

export function createRekognitionOpinion(o: RekognitionOpinionOptions) {
  const sleep = o.sleep ?? abortable;
  const maxWaitMs = o.maxWaitMs ?? 600_000;
  const backoff = { baseMs: o.pollBaseMs ?? 1_000, maxMs: o.pollMaxMs ?? 15_000, jitter: 0.1 };

  /** Polls until the job ends; its first page. */
  async function waitForJob(jobId: string, signal?: AbortSignal) {
    const deadline = Date.now() + maxWaitMs;
    for (let attempt = 1;; attempt++) {
      const page = await o.rekognition.send(
        new GetLabelDetectionCommand({ JobId: jobId, MaxResults: o.pageSize ?? 1000 }),
        { abortSignal: signal },
      );
      if (page.JobStatus === "SUCCEEDED") return { page, polls: attempt };
      if (page.JobStatus === "FAILED") {
        throw new DomainError(
          "second_opinion_failed",
          `Rekognition could not label the video: ${page.StatusMessage ?? "no reason given"}`,
        );
      }
      const delay = backoffDelay(attempt, backoff);
      if (Date.now() + delay > deadline) {
        throw new DomainError("second_opinion_timeout", "Rekognition took too long to answer");
      }
      await sleep(delay, signal);
    }
  }

  /** Reads a Rekognition job's labels: polls until it ends, then page by page. */
  async function readJob(jobId: string, signal?: AbortSignal): Promise<SecondOpinion> {
    const { page, polls } = await waitForJob(jobId, signal);
    const pages = [page];
    for (let next = page.NextToken; next;) {
      const more = await o.rekognition.send(
        new GetLabelDetectionCommand({
          JobId: jobId,
          MaxResults: o.pageSize ?? 1000,
          NextToken: next,
        }),
        { abortSignal: signal },
      );
      pages.push(more);
      next = more.NextToken;
    }
    return { labels: mergeSightings(pages), model: page.LabelModelVersion ?? null, polls };
  }

  /**
   * Deletes the upload from S3 once `work` settles, whatever happened (a failed delete is
   * logged, not thrown over the result), unless the caller paused it ({@linkcode PAUSED}:
   * the server is stopping and resumes the job at its next start).
   */
  async function thenDelete<T>(key: string, work: () => Promise<T>, signal?: AbortSignal) {
    try {
      return await work();
    } finally {
      if (!(signal?.aborted && signal.reason === PAUSED)) {
        await o.s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: key })).catch((err) =>
          console.error(`analyze: could not delete s3://${o.bucket}/${key}: ${err}`)
        );
      }
    }
  }

  return {
    /**
     * Asks Rekognition about the video at `file`. `uploaded` settles once
     * the file is in S3 (the caller may delete its copy then); `result` once
     * the labels are read. `jobId` names the S3 object and is the request
     * token, so a retried call starts no second Rekognition job. `onStarted`
     * hears Rekognition's job id before the first poll (to resume it after a
     * restart). The S3 object is deleted when `result` settles, whatever
     * happened, unless `signal` was aborted with {@linkcode PAUSED}.
     */
    start(
      file: string,
      jobId: string,
      contentType: string,
      signal?: AbortSignal,
      onStarted?: (rekognitionJobId: string) => Promise<void> | void,
    ): { uploaded: Promise<void>; result: Promise<SecondOpinion> } {
      const key = uploadKey(jobId);
      const uploaded = (async () => {
        // Read whole: the SDK signs the payload's hash (over plain HTTP it cannot hash a
        // stream). At most ANALYZE_CONCURRENCY (≤ 2) uploads of ≤ ANALYZE_MAX_BYTES at once.
        const body = await Deno.readFile(file);
        await o.s3.send(
          new PutObjectCommand({
            Bucket: o.bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
          }),
          { abortSignal: signal },
        );
      })();
      const result = thenDelete(key, async () => {
        await uploaded;
        const started = await o.rekognition.send(
          new StartLabelDetectionCommand({
            Video: { S3Object: { Bucket: o.bucket, Name: key } },
            ClientRequestToken: jobId.replace(/[^a-zA-Z0-9-_]/g, "").slice(0, 64),
            MinConfidence: o.minConfidence ?? 50,
          }),
          { abortSignal: signal },
        );
        if (!started.JobId) throw new Error("Rekognition started no job");
        await onStarted?.(started.JobId);
        return await readJob(started.JobId, signal);
      }, signal);
      uploaded.catch(() => {}); // its failure is `result`'s
      return { uploaded, result };
    },
    /**
     * Takes up, after a restart, the second opinion on upload `jobId`: reads
     * Rekognition job `rekognitionJobId` when it had started, else fails
     * (`second_opinion_interrupted`: the server stopped before Rekognition
     * started). Either way the S3 object is deleted, as {@linkcode start}'s.
     */
    resume(
      jobId: string,
      rekognitionJobId: string | null,
      signal?: AbortSignal,
    ): Promise<SecondOpinion> {
      return thenDelete(uploadKey(jobId), () => {
        if (rekognitionJobId) return readJob(rekognitionJobId, signal);
        throw new DomainError(
          "second_opinion_interrupted",
          "The server restarted before Rekognition started on the video",
        );
      }, signal);
    },
    /** {@linkcode start}'s result alone. */
    labels(file: string, jobId: string, contentType: string, signal?: AbortSignal) {
      return this.start(file, jobId, contentType, signal).result;
    },
  };
}

export type RekognitionOpinion = ReturnType<typeof createRekognitionOpinion>;
