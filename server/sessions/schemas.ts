/**
 * Sessions as the API accepts them and their correction history (zod,
 * OpenAPI-registered); the sheet itself is the shared contract in
 * core/session_sheet.ts.
 *
 * Pinfall is given as `pinsStanding`: the pin numbers (1…10) still standing
 * after the ball, `[]` when every pin is down. It is the whole state, not a
 * count or a difference, so the same ball always reads the same.
 */
import { z } from "../api.ts";
import { BallSourceSchema, SessionStatusSchema } from "../../core/session_sheet.ts";

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

/** Why staff changed something (3–500 characters, trimmed). */
export const ReasonText = z.string().trim().max(500)
  .regex(noControl, "Must not contain control characters")
  .refine((s) => [...s].length >= 3, "Must be at least 3 characters");

export const CorrectionBody = z.strictObject({
  pinsStanding: PinsStanding,
  foul: z.boolean().default(false),
  reason: ReasonText.openapi({
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

export const ListQuery = z.object({
  laneId: z.string().min(1).max(64).optional(),
  status: SessionStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const BallState = z.object({ pinsStanding: z.array(z.number().int()), foul: z.boolean() });

export const CorrectionSchema = z.object({
  id: z.string().openapi({ description: "The correction's ball id" }),
  replacesBallId: z.string(),
  bowlerId: z.uuid(),
  bowlerName: z.string(),
  frame: z.number().int().nullable(),
  ball: z.number().int().nullable().openapi({ description: "Ball in the frame, when corrected" }),
  from: BallState.extend({ source: BallSourceSchema }),
  to: BallState,
  reason: z.string(),
  by: z.object({ id: z.uuid().nullable(), name: z.string().nullable() }),
  at: z.string().openapi({ format: "date-time" }),
}).openapi("BallCorrectionRecord");
