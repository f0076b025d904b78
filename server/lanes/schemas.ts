/** Request and answer shapes of the lane routes (they validate requests and write the OpenAPI document). */
import { CalibrationPointsSchema } from "../../core/calibration_schema.ts";
import { MAX_CAMERA_URL_LENGTH } from "../../core/camera_url.ts";
import { LANE_ID_PATTERN } from "../../core/lane_token.ts";
import { z } from "../api.ts";
import { SOURCE_KINDS } from "./repo.ts";
import { QR_FORMATS, QR_SIZE } from "./qr.ts";

/** Printable text: no control characters (PostgreSQL cannot store NUL), not blank. */
const LaneName = z.string().min(1).max(100)
  .regex(/^[^\p{Cc}]*$/u, "Must not contain control characters")
  .refine((s) => s.trim().length > 0, "Must not be blank")
  .openapi({ example: "Lane 7" });

export const SourceKind = z.enum(SOURCE_KINDS).openapi({
  description:
    "sim: the simulator; rtsp: the SFU pulls sourceUrl; whip: an encoder pushes; browser: a phone or laptop",
});

/** Checked by the lane rules (core/camera_url.ts) with the operator's allowed ranges. */
const SourceUrl = z.string().max(MAX_CAMERA_URL_LENGTH).openapi({
  description: "rtsp://, rtsps://, http:// or https:// on the camera network " +
    "(not loopback, link-local or a metadata address); `?codec=h264` relays H.264 as it is",
  example: "rtsp://camera-7.local:554/stream1",
});

const Hidden = z.boolean().openapi({
  description: "Staff only: absent from the public lane list, 404 at every public lane address",
});

export const NewLaneBody = z.strictObject({
  id: z.string().regex(LANE_ID_PATTERN, "Must be a slug: a-z, 0-9 and -, at most 32").optional()
    .openapi({ description: "Slug; the next free number when left out", example: "7" }),
  name: LaneName,
  sourceKind: SourceKind,
  sourceUrl: SourceUrl.optional(),
  enabled: z.boolean().optional(),
  hidden: Hidden.optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
}).openapi("NewLane");

export const LanePatchBody = z.strictObject({
  name: LaneName.optional(),
  enabled: z.boolean().optional(),
  hidden: Hidden.optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  sourceKind: SourceKind.optional(),
  sourceUrl: SourceUrl.nullable().optional(),
}).openapi("LanePatch");

export const LaneGameSchema = z.object({
  openPlay: z.boolean(),
  frame: z.number().int().nullable().openapi({
    description: "The frame of the bowler who is up; null once every game is complete",
  }),
  bowlers: z.array(z.object({ name: z.string(), total: z.number().int(), up: z.boolean() })),
  lastBall: z.object({
    bowler: z.string(),
    frame: z.number().int(),
    standing: z.number().int().openapi({ description: "Pins standing after: bit i = pin i + 1" }),
    standingBefore: z.number().int(),
    foul: z.boolean(),
    gutter: z.boolean(),
    speedMph: z.number().nullable().openapi({ description: "The AI's launch speed, if it saw it" }),
  }).nullable(),
}).openapi("LaneGame");

export const PublicLane = z.object({
  id: z.string(),
  name: z.string(),
  live: z.boolean(),
  viewers: z.number().int(),
  source: SourceKind,
  game: LaneGameSchema.nullable().openapi({ description: "The open session, if any" }),
}).openapi("Lane");

export const PublicLaneDetail = PublicLane.extend({
  enabled: z.boolean(),
  hidden: z.boolean().openapi({ description: "Only staff ever get a hidden lane" }),
  calibrated: z.boolean(),
}).openapi("LaneDetail");

export const CameraHealth = z.object({
  sfu: z.enum(["up", "down"]),
  live: z.boolean(),
  liveSince: z.number().nullable(),
  viewers: z.number().int(),
  bitrate: z.number().nullable().openapi({ description: "Bits per second from the camera" }),
  score: z.number().nullable().openapi({ description: "Receive quality, 0 (bad) to 10 (good)" }),
  lastKeyFrameAt: z.number().nullable(),
}).openapi("CameraHealth");

export const CalibrationSummary = z.object({
  calibrated: z.boolean(),
  source: z.enum(["stored", "sim-default"]).nullable(),
  rmsPx: z.number().nullable(),
  points: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
}).openapi("CalibrationSummary");

export const StaffLane = z.object({
  id: z.string(),
  name: z.string(),
  sortOrder: z.number().int(),
  enabled: z.boolean(),
  hidden: z.boolean(),
  source: SourceKind,
  sourceUrl: z.string().nullable().openapi({
    description: "With any user name and password hidden",
  }),
  hasCameraKey: z.boolean(),
  whipUrl: z.string().nullable().openapi({
    description: "Where a WHIP camera publishes, with a token from POST /api/lanes/{id}/publish",
  }),
  camera: CameraHealth,
  calibration: CalibrationSummary,
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi("StaffLane");

const Pixel = { u: z.number(), v: z.number() };
const Mat3Schema = z.array(z.number()).length(9).readonly().openapi({
  description: "Row-major 3×3, h33 = 1",
});

export const CalibrationAnswer = z.object({
  laneId: z.string(),
  source: z.enum(["stored", "sim-default"]),
  points: CalibrationPointsSchema,
  fit: z.object({
    width: z.number().int(),
    height: z.number().int(),
    laneToImage: Mat3Schema,
    imageToLane: Mat3Schema,
    rmsPx: z.number(),
    maxErrorPx: z.number(),
    points: z.array(z.object({
      label: z.string(),
      board: z.number(),
      ft: z.number(),
      ...Pixel,
      fittedU: z.number(),
      fittedV: z.number(),
      errorPx: z.number(),
    })),
  }),
}).openapi("LaneCalibration");

export const CameraKeyAnswer = z.object({
  laneId: z.string(),
  cameraKey: z.string().openapi({ description: "Shown once; only its hash is kept" }),
}).openapi("CameraKey");

export const LaneGrant = z.object({
  token: z.string(),
  expiresIn: z.number().int(),
  whepUrl: z.string().optional(),
  whipUrl: z.string().optional(),
  signalingUrl: z.string(),
}).openapi("LaneGrant");

export const QrQuery = z.object({
  format: z.enum(QR_FORMATS).default("svg"),
  size: z.coerce.number().int().min(QR_SIZE.min).max(QR_SIZE.max).default(QR_SIZE.default)
    .openapi({ description: "Width and height in pixels" }),
});
