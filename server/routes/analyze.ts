/**
 * Uploaded-video analysis: `POST /api/analyze` (any signed-in user; a
 * multipart form with the video in `file` and optionally `laneId`, whose
 * calibration the analysis uses, or `corners`, the lane's four corners
 * clicked on the first frame) answers 202 with the queued job;
 * `GET /api/analyze/{jobId}` gives its state and progress and, once done,
 * the analysis; `DELETE` cancels it. Only the job's owner and staff see a
 * job; to anyone else it does not exist (404).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "../../core/errors.ts";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { type AnalyzeJob, jobView } from "../analyze/jobs.ts";
import { getAnalysis } from "../analyze/repo.ts";
import { posterPath } from "../analyze/posters.ts";

const TAGS = ["Video analysis"];

const JobIdParam = z.object({
  jobId: z.string().min(1).max(64).openapi({ param: { name: "jobId", in: "path" } }),
});

const JobSchema = z.object({
  id: z.string(),
  laneId: z.string().nullable(),
  calibrationSource: z.enum(["lane", "corners"]).nullable().openapi({
    description: "The calibration the analysis uses: the named lane's, the clicked corners', " +
      "or none (the simulator's camera)",
  }),
  ball: z.object({
    sessionId: z.string(),
    bowlerId: z.string(),
    frame: z.number().int(),
    ball: z.number().int(),
  }).nullable().optional().openapi({
    description: "The lane ball the video shows, when staff attached the upload to one",
  }),
  state: z.enum(["queued", "running", "done", "failed", "cancelled"]),
  progress: z.number(),
  bytes: z.number().int(),
  metadata: z.object({
    duration_seconds: z.number(),
    format: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    fps: z.number(),
  }),
  queuedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
}).openapi("AnalyzeJob");

const JobAnswer = z.object({ job: JobSchema }).openapi("AnalyzeJobAnswer");
const JobWithResult = z.object({
  job: JobSchema,
  result: z.record(z.string(), z.unknown()).nullable().openapi({
    description: "The analysis once `job.state` is done: status, jobId, video_metadata, labels, " +
      "activity_labels, shots, betting_suggestion, models",
  }),
}).openapi("AnalyzeJobResult");

const uploadRoute = createRoute({
  method: "post",
  path: "/analyze",
  tags: TAGS,
  summary: "Upload a video (MP4, MOV or AVI) for analysis by Lanecast's models",
  description: "A `multipart/form-data` body: the video in `file` (at most ANALYZE_MAX_BYTES), " +
    "optionally `laneId` (the lane whose calibration to use) or `corners` (the lane's four " +
    'corners clicked on the first frame: JSON `[{"x":…,"y":…}, …]`, fractions 0…1 of the ' +
    "frame from its top left, in the order foul line left end, foul line right end, pin deck " +
    "end right, pin deck end left, as the bowler sees them; see core/lane_corners.ts). Both " +
    "at once is 400 `lane_corners_with_lane`; corners that are not four points inside the " +
    "frame 400 `lane_corners_invalid`, not a convex outline 400 `lane_corners_not_convex`, " +
    "left and right swapped 400 `lane_corners_mirrored`. Staff may attach the upload to a " +
    "lane ball with `sessionId`, `bowlerId`, `frame` and `ball` (and `laneId`): resolving it " +
    "then settles that ball's markets. Anyone else naming a ball is 403 `lane_ball_forbidden`; " +
    "some of the fields without the rest 400 `lane_ball_incomplete`; a ball with no market on " +
    "the lane 404 `unknown_lane_ball`. The file's type is read from its " +
    "bytes and ffprobe, never its name: another type is 415 `video_type_unsupported`, a file " +
    "ffprobe cannot read 422 `video_unreadable`, too large 413 `video_too_large`, too many " +
    "unfinished jobs 429 `too_many_analyze_jobs`. Answers 202 with the queued job.",
  ...auth(...ROLES),
  responses: {
    202: json(JobAnswer, "The job, queued"),
    ...errors(400, 401, 403, 404, 413, 415, 422, 429),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/analyze/{jobId}",
  tags: TAGS,
  summary: "An analysis job's state and progress, and its result once done (owner or staff)",
  ...auth(...ROLES),
  request: { params: JobIdParam },
  responses: { 200: json(JobWithResult, "The job"), ...errors(401, 404) },
});

const cancelRoute = createRoute({
  method: "delete",
  path: "/analyze/{jobId}",
  tags: TAGS,
  summary: "Cancel an analysis job (owner or staff); its file is deleted",
  description: "A finished job is 409 `analysis_finished`.",
  ...auth(...ROLES),
  request: { params: JobIdParam },
  responses: { 200: json(JobAnswer, "The job as it now is"), ...errors(401, 404, 409) },
});

const posterRoute = createRoute({
  method: "get",
  path: "/analyze/{jobId}/shots/{index}/poster",
  tags: TAGS,
  summary: "A detected shot's poster frame, at its release (JPEG; owner or staff)",
  ...auth(...ROLES),
  request: {
    params: JobIdParam.extend({
      index: z.coerce.number().int().min(0).max(999).openapi({
        param: { name: "index", in: "path" },
      }),
    }),
  },
  responses: {
    200: { description: "The frame", content: { "image/jpeg": { schema: z.string() } } },
    ...errors(401, 404),
  },
});

const unknownAnalysis = (id: string) =>
  new DomainError("unknown_analysis", `Cannot find analysis "${id.slice(0, 64)}"`);

/** A finished analysis whose job record has expired, shown as a done job. */
function jobOfStored(
  id: string,
  laneId: string | null,
  result: { video_metadata: AnalyzeJob["metadata"] },
  at: Date,
) {
  const t = at.getTime();
  return {
    id,
    laneId,
    calibrationSource: null,
    state: "done" as const,
    progress: 1,
    bytes: 0,
    metadata: result.video_metadata,
    queuedAt: t,
    startedAt: t,
    finishedAt: t,
    error: null,
  };
}

export function analyzeRoutes(deps: AppDeps): OpenAPIHono {
  const api = createApi();
  const analyze = () => {
    if (!deps.analyze) throw new DomainError("unavailable", "Video analysis is not running here");
    return deps.analyze;
  };
  const mayRead = (userId: string, owner: string, role: string) =>
    userId === owner || (STAFF as string[]).includes(role);

  api.openapi(uploadRoute, async (c) => {
    const user = currentUser(c.var);
    const job = await analyze().accept(c.req.raw, user.id, user.role);
    return c.json({ job: jobView(job) }, 202);
  });

  api.openapi(getRoute, async (c) => {
    const user = currentUser(c.var);
    const { jobId } = c.req.valid("param");
    const job = await analyze().jobs.get(jobId);
    const stored = !job || job.state === "done" ? await getAnalysis(deps.db.sql, jobId) : null;
    const owner = job?.userId ?? stored?.userId;
    if (!owner || !mayRead(user.id, owner, user.role)) throw unknownAnalysis(jobId);
    const view = job
      ? jobView(job)
      : jobOfStored(jobId, stored!.laneId, stored!.result, stored!.createdAt);
    return c.json({ job: view, result: stored?.result ?? null }, 200);
  });

  api.openapi(posterRoute, async (c) => {
    const user = currentUser(c.var);
    const { jobId, index } = c.req.valid("param");
    const stored = await getAnalysis(deps.db.sql, jobId);
    if (!stored || !mayRead(user.id, stored.userId, user.role)) throw unknownAnalysis(jobId);
    const bytes = await Deno.readFile(posterPath(analyze().dir, stored.id, index)).catch(() =>
      null
    );
    if (!bytes) {
      throw new DomainError(
        "unknown_poster",
        `Analysis "${jobId}" has no poster for shot ${index}`,
      );
    }
    c.header("content-type", "image/jpeg");
    c.header("cache-control", "private, max-age=3600");
    return c.body(bytes, 200);
  });

  api.openapi(cancelRoute, async (c) => {
    const user = currentUser(c.var);
    const { jobId } = c.req.valid("param");
    const job = await analyze().jobs.get(jobId);
    if (!job || !mayRead(user.id, job.userId, user.role)) throw unknownAnalysis(jobId);
    const after = await analyze().cancel(jobId);
    if (!after) throw unknownAnalysis(jobId);
    return c.json({ job: jobView(after) }, 200);
  });

  return api;
}
