/**
 * Sessions as the API accepts and returns them (zod, OpenAPI-registered).
 *
 * Pinfall is given as `pinsStanding`: the pin numbers (1…10) still standing
 * after the ball, `[]` when every pin is down. It is the whole state, not a
 * count or a difference, so the same ball always reads the same. Sheets also
 * carry `standing`, the same state as a 10-bit mask (bit i = pin i + 1).
 */
import { z } from "../api.ts";

export const MAX_BOWLERS = 8;
export const BOWLER_NAME_MAX = 40;

const noControl = /^[^\p{Cc}]*$/u;

/** Stored exactly as given (no trimming); must not be blank. */
export const BowlerName = z.string().min(1).max(BOWLER_NAME_MAX)
  .regex(noControl, "Must not contain control characters")
  .refine((s) => s.trim().length > 0, "Must not be blank")
  .openapi({ example: "Ada" });

export const PinsStanding = z.array(z.number().int().min(1).max(10)).max(10)
  .refine((a) => new Set(a).size === a.length, "Each pin may be named once")
  .openapi({
    description:
      "Pins still standing after the ball (1 = head pin, 7 back-left, 10 back-right); [] for none",
    example: [7, 10],
  });

export const BowlerInput = z.strictObject({
  name: BowlerName,
  userId: z.uuid().optional().openapi({ description: "The bowler's account, if any" }),
}).openapi("BowlerInput");

export const NewSessionBody = z.strictObject({
  bowlers: z.array(BowlerInput).min(1).max(MAX_BOWLERS)
    .refine((bs) => {
      const ids = bs.flatMap((b) => b.userId ? [b.userId] : []);
      return new Set(ids).size === ids.length;
    }, "A user may bowl once per session"),
}).openapi("NewSession");

export const BallBody = z.strictObject({
  bowlerId: z.uuid().optional().openapi({
    description: "Defaults to whoever's turn it is; anyone else is refused",
  }),
  pinsStanding: PinsStanding,
  foul: z.boolean().default(false),
}).openapi("NewBall");

export const CorrectionBody = z.strictObject({
  pinsStanding: PinsStanding,
  foul: z.boolean().default(false),
  reason: z.string().trim().max(500).regex(noControl, "Must not contain control characters")
    .refine((s) => [...s].length >= 3, "Must be at least 3 characters")
    .openapi({
      description: "Why the ball is corrected (3–500 characters)",
      example: "Camera missed the 10 pin",
    }),
}).openapi("BallCorrection");

export const SessionIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});
export const BallIdParam = SessionIdParam.extend({
  ballId: z.string().min(1).max(32).openapi({ param: { name: "ballId", in: "path" } }),
});

export const SessionStatus = z.enum(["open", "closed"]).openapi("SessionStatus");
export const BallSource = z.enum(["manual", "ai", "correction"]).openapi("BallSource");

export const ListQuery = z.object({
  laneId: z.string().min(1).max(64).optional(),
  status: SessionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const Timestamp = z.string().openapi({ format: "date-time" });
const Standing = z.number().int().min(0).max(1023).openapi({
  description: "10-bit mask, bit i = pin i + 1",
});

export const SheetBallSchema = z.object({
  id: z.string().openapi({
    description: "Changes when the ball is corrected; correct the current id",
  }),
  pinsStanding: z.array(z.number().int()),
  standing: Standing,
  foul: z.boolean(),
  pins: z.number().int().openapi({ description: "Pins this ball counts (0 on a foul)" }),
  mark: z.string().openapi({ description: '"X", "/", "-", "F" or a digit' }),
  split: z.boolean(),
  source: BallSource,
  corrected: z.boolean(),
  confidence: z.number().nullable(),
  shotId: z.string().nullable(),
}).openapi("SheetBall");

export const SheetFrameSchema = z.object({
  number: z.number().int(),
  balls: z.array(SheetBallSchema),
  score: z.number().int().nullable().openapi({ description: "With bonus; null until known" }),
  total: z.number().int().nullable().openapi({ description: "Running total; null until known" }),
  complete: z.boolean(),
}).openapi("SheetFrame");

const NextBallSchema = z.object({
  frame: z.number().int(),
  ball: z.number().int(),
  pinsStanding: z.array(z.number().int()).openapi({ description: "The rack the ball faces" }),
});

export const SheetBowlerSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  name: z.string(),
  userId: z.uuid().nullable(),
  frames: z.array(SheetFrameSchema),
  total: z.number().int(),
  complete: z.boolean(),
  next: NextBallSchema.nullable(),
}).openapi("SheetBowler");

export const SheetSchema = z.object({
  id: z.uuid(),
  laneId: z.string(),
  status: SessionStatus,
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  bowlers: z.array(SheetBowlerSchema),
  turn: NextBallSchema.extend({ bowlerId: z.uuid() }).nullable()
    .openapi({
      description: "Who bowls next and at what; null when closed or every game is complete",
    }),
  complete: z.boolean(),
}).openapi("SessionSheet");

export const SessionSummarySchema = z.object({
  id: z.uuid(),
  laneId: z.string(),
  status: SessionStatus,
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  bowlers: z.array(
    z.object({ id: z.uuid(), name: z.string(), total: z.number().int(), complete: z.boolean() }),
  ),
}).openapi("SessionSummary");

const BallState = z.object({ pinsStanding: z.array(z.number().int()), foul: z.boolean() });

export const CorrectionSchema = z.object({
  id: z.string().openapi({ description: "The correction's ball id" }),
  replacesBallId: z.string(),
  bowlerId: z.uuid(),
  bowlerName: z.string(),
  frame: z.number().int().nullable(),
  ball: z.number().int().nullable().openapi({ description: "Ball in the frame, when corrected" }),
  from: BallState.extend({ source: BallSource }),
  to: BallState,
  reason: z.string(),
  by: z.object({ id: z.uuid().nullable(), name: z.string().nullable() }),
  at: Timestamp,
}).openapi("BallCorrectionRecord");
