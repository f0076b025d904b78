/**
 * The upload page's model: sends a video to `POST /api/analyze`, follows its
 * job on the caller's own live stream (`GET /api/me/live?ticket=`, `analysis`
 * events) with a slow poll beside it (a stream on another server instance,
 * or none at all), and ends with the result or a reason in plain words.
 */
import { signal } from "@preact/signals";
import { ApiError, type AuthedFetch, requestJson, toApiError } from "../api.ts";
import type { VideoAnalysis } from "../../core/video_analysis.ts";

export interface AnalyzeJobView {
  id: string;
  laneId: string | null;
  calibrationSource?: "lane" | "corners" | null;
  state: "queued" | "running" | "done" | "failed" | "cancelled";
  progress: number;
  bytes: number;
  metadata: {
    duration_seconds: number;
    format: string;
    width: number;
    height: number;
    fps: number;
  };
  error: { code: string; message: string } | null;
}

export type AnalyzeStage =
  | { kind: "idle" }
  | { kind: "uploading"; name: string; bytes: number }
  | { kind: "analysing"; job: AnalyzeJobView }
  | { kind: "done"; job: AnalyzeJobView; result: VideoAnalysis }
  | { kind: "failed"; message: string };

/** The largest upload, for the words of a refusal (the server's ANALYZE_MAX_BYTES decides). */
const MB = 1_000_000;

/** What a failed upload or job says, in plain words (never the server's text). */
export function analyzeProblem(error: unknown): string {
  const code = error instanceof ApiError ? error.code : (error as { code?: string })?.code;
  const maxBytes = error instanceof ApiError ? Number(error.extra.maxBytes) : NaN;
  switch (code) {
    case "video_type_unsupported":
    case "upload_not_multipart":
      return "That file is not a video we can read. Send an MP4, MOV or AVI file.";
    case "video_too_large":
      return Number.isFinite(maxBytes)
        ? `That video is too large: the limit is ${Math.floor(maxBytes / MB)} MB.`
        : "That video is too large.";
    case "video_unreadable":
      return "We could not read that video: it may be cut short or damaged.";
    case "video_missing":
      return "Choose a video first.";
    case "too_many_analyze_jobs":
      return "You already have videos waiting to be analysed. Try again when one is done.";
    case "unknown_lane":
      return "That lane is not here any more. Choose another, or none.";
    case "unauthenticated":
    case "login_expired":
      return "Sign in to analyse a video.";
    case "analysis_cancelled":
      return "The analysis was cancelled.";
    case "analysis_timeout":
      return "The analysis took too long and was stopped. Try a shorter video.";
    case "no_lane_found":
      return "No lane was found in this video: the AI saw no pins. Film the lane from behind " +
        "the bowler with the pins in view, choose the lane it was filmed on, or click its " +
        "four corners on the first frame.";
    case "lane_corners_invalid":
    case "lane_corners_not_convex":
    case "lane_corners_mirrored":
      return "Those corners do not outline a lane. Clear them and click the four corners again, " +
        "in the order asked.";
    case "lane_corners_with_lane":
      return "Choose a lane or click corners, not both.";
    case "analysis_interrupted":
      return "The server restarted during the analysis. Upload the video again.";
    case "unknown_analysis":
      return "There is no such analysis (or it is not yours).";
    default:
      return "Something went wrong with that video. Try again in a moment.";
  }
}

export interface AnalyzeModelOptions {
  fetch: AuthedFetch;
  /** Opens the live stream (tests pass a fake). Default: `new EventSource`. */
  eventSource?: (url: string) => Pick<EventSource, "addEventListener" | "close">;
  pollMs?: number;
}

export class AnalyzeModel {
  readonly stage = signal<AnalyzeStage>({ kind: "idle" });
  readonly #o: AnalyzeModelOptions;
  #stream: Pick<EventSource, "close"> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #jobId: string | null = null;

  constructor(options: AnalyzeModelOptions) {
    this.#o = options;
  }

  /**
   * Sends `file` (with the lane whose calibration to use, or the `corners`
   * field of core/lane_corners.ts, if any) and follows its job.
   */
  async upload(file: File, laneId: string | null, corners: string | null = null): Promise<void> {
    this.stop();
    this.stage.value = { kind: "uploading", name: file.name, bytes: file.size };
    const form = new FormData();
    if (laneId) form.set("laneId", laneId);
    else if (corners) form.set("corners", corners);
    form.set("file", file, file.name);
    try {
      const res = await this.#o.fetch("/api/analyze", { method: "POST", body: form });
      if (!res.ok) throw await toApiError(res);
      const { job } = await res.json() as { job: AnalyzeJobView };
      this.#adopt(job);
      await this.#follow(job.id);
    } catch (error) {
      this.stage.value = { kind: "failed", message: analyzeProblem(error) };
    }
  }

  /** Shows a job already sent (the page `/analyze/{jobId}`). */
  async open(jobId: string): Promise<void> {
    this.stop();
    try {
      await this.#refresh(jobId);
      if (this.stage.value.kind === "analysing") await this.#follow(jobId);
    } catch (error) {
      this.stage.value = { kind: "failed", message: analyzeProblem(error) };
    }
  }

  /** Forgets a failed upload's words (a new video was chosen). */
  dismiss(): void {
    if (this.stage.value.kind === "failed") this.stage.value = { kind: "idle" };
  }

  stop(): void {
    this.#stream?.close();
    this.#stream = null;
    clearInterval(this.#timer);
    this.#jobId = null;
  }

  async #follow(jobId: string): Promise<void> {
    this.#jobId = jobId;
    this.#timer = setInterval(() => {
      this.#refresh(jobId).catch(() => {});
    }, this.#o.pollMs ?? 3_000);
    try {
      const { ticket } = await requestJson<{ ticket: string }>(this.#o.fetch, "/api/live/tickets", {
        method: "POST",
      });
      if (this.#jobId !== jobId) return;
      const open = this.#o.eventSource ?? ((url: string) => new EventSource(url));
      const stream = open(`/api/me/live?ticket=${encodeURIComponent(ticket)}`);
      stream.addEventListener("analysis", (e) => {
        const job = JSON.parse((e as MessageEvent).data) as AnalyzeJobView;
        if (job.id === this.#jobId) this.#adopt(job);
      });
      this.#stream = stream;
    } catch {
      // No live stream: the poll carries on alone.
    }
  }

  /** Takes a job as the server shows it; fetches the result once it is done. */
  #adopt(job: AnalyzeJobView): void {
    if (job.state === "queued" || job.state === "running") {
      this.stage.value = { kind: "analysing", job };
    } else if (job.state === "done") {
      if (this.stage.value.kind !== "done") this.#refresh(job.id).catch(() => {});
    } else {
      this.stop();
      this.stage.value = { kind: "failed", message: analyzeProblem(job.error) };
    }
  }

  async #refresh(jobId: string): Promise<void> {
    const { job, result } = await requestJson<
      { job: AnalyzeJobView; result: VideoAnalysis | null }
    >(
      this.#o.fetch,
      `/api/analyze/${encodeURIComponent(jobId)}`,
    );
    if (job.state === "done" && result) {
      this.stop();
      this.stage.value = { kind: "done", job, result };
    } else if (job.state !== "done") this.#adopt(job);
  }
}
