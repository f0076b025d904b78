/**
 * The shot report wire contract: what the inference sidecar posts for every
 * ball once the pins settle, what the server validates and stores, and what
 * tools/eval reads; and the stored shot as the API lists it and the web app
 * reads it (a type-only import there, so the browser bundles no zod). One zod schema (plain zod, so the sidecar and tools need
 * nothing of the server) and the type inferred from it; the server's OpenAPI
 * document names these schemas through their `meta({ id })`.
 *
 * @example
 * ```ts
 * import { ShotReportSchema } from "./shot_report.ts";
 * const parsed = ShotReportSchema.safeParse(JSON.parse("{}"));
 * if (!parsed.success) console.log(parsed.error.issues.length > 0);
 * ```
 * @module
 */
import { z } from "zod";

export const SHOT_EVENT_TYPES = ["approach", "release", "arrows", "impact", "pinfall"] as const;
const MAX_TIME_MS = 2 ** 48;
const Board = z.number().min(-30).max(70);
const ModelVersion = z.string().min(1).max(200);

export const ShotEventSchema = z.strictObject({
  type: z.enum(SHOT_EVENT_TYPES),
  /** Capture time (publisher's clock), ms since the epoch. */
  captureTimeMs: z.number().int().min(0).max(MAX_TIME_MS),
  confidence: z.number().min(0).max(1),
  /** Version of the model (or rule) that produced the event. */
  model: ModelVersion,
}).meta({ id: "ShotEvent" });

export const ShotMetricsSchema = z.strictObject({
  launchSpeedMph: z.number().min(0).max(60),
  entrySpeedMph: z.number().min(0).max(60),
  arrowsBoard: Board,
  breakpointBoard: Board,
  breakpointFt: z.number().min(-5).max(70),
  entryBoard: Board,
  entryAngleDeg: z.number().min(-60).max(60),
}).meta({ id: "ShotMetrics" });

export const PathPointSchema = z.strictObject({
  captureTimeMs: z.number().int().min(0).max(MAX_TIME_MS),
  board: Board,
  ft: z.number().min(-20).max(80),
}).meta({ id: "ShotPathPoint" });

export const SHOT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const MAX_PATH_POINTS = 400;

/** A 10-bit standing state: bit i set = pin i + 1 standing. */
export const StandingSchema = z.number().int().min(0).max(1023);

export const ShotReportSchema = z.strictObject({
  /** Chosen by the sidecar; posting the same id and content again stores nothing new. */
  id: z.string().regex(SHOT_ID_PATTERN),
  events: z.array(ShotEventSchema).min(1).max(10),
  metrics: ShotMetricsSchema.nullable(),
  path: z.array(PathPointSchema).max(MAX_PATH_POINTS),
  standingBefore: StandingSchema.nullable(),
  /** Pins standing after the ball (bit i = pin i + 1). */
  standing: StandingSchema,
  /** P(standing) of pins 1..10. */
  pinProbabilities: z.array(z.number().min(0).max(1)).length(10),
  /** How sure the whole standing state is (0–1). */
  pinConfidence: z.number().min(0).max(1),
  /** How sure the ball's track is (0–1). */
  trackConfidence: z.number().min(0).max(1),
  /** The bowler's slide foot crossed the foul line (the ball scores nothing). */
  foul: z.boolean(),
  /** How sure the foul flag is (0–1); null when the foul line was not judged (never scored without a person). */
  foulConfidence: z.number().min(0).max(1).nullable(),
  gutter: z.boolean(),
  models: z.strictObject({ ball: ModelVersion, pins: ModelVersion, foul: ModelVersion.optional() }),
}).meta({ id: "ShotReport" });

export type ShotReport = z.infer<typeof ShotReportSchema>;
export type ShotEvent = z.infer<typeof ShotEventSchema>;
export type ShotMetrics = z.infer<typeof ShotMetricsSchema>;
export type ShotEventType = (typeof SHOT_EVENT_TYPES)[number];
export type ShotPathPoint = z.infer<typeof PathPointSchema>;

/** "auto": scored without a person; "review": waits for staff to confirm what the AI saw. */
export const SHOT_STATUSES = ["auto", "review"] as const;
export type ShotStatus = (typeof SHOT_STATUSES)[number];

export const ShotSchema = z.object({
  id: z.string(),
  laneId: z.string(),
  releasedAtMs: z.number().int(),
  status: z.enum(SHOT_STATUSES),
  /** Why a "review" shot waits for staff: "unsure", "no_session", "impossible_ball", … */
  reviewReason: z.string().nullable(),
  metrics: ShotMetricsSchema.nullable(),
  standingBefore: StandingSchema.nullable(),
  standing: StandingSchema,
  pinProbabilities: z.array(z.number()),
  pinConfidence: z.number(),
  trackConfidence: z.number(),
  foul: z.boolean(),
  foulConfidence: z.number().nullable(),
  gutter: z.boolean(),
  events: z.array(ShotEventSchema),
  path: z.array(PathPointSchema),
  models: z.object({ ball: z.string(), pins: z.string(), foul: z.string().optional() }),
  createdAt: z.string(),
}).meta({ id: "Shot" });

export type Shot = z.infer<typeof ShotSchema>;
