/**
 * The session sheet on the wire: what `GET /api/sessions/{id}`,
 * `GET /api/lanes/{id}/session` and every session write answer, and what the
 * lane's live stream (`GET /api/lanes/{id}/live`) sends as its `session`
 * event (the sheet, or `null` when no session is open). The server validates
 * and documents its answers with these schemas; the web app and tools import
 * the types (type-only, so the browser bundle carries no zod).
 *
 * Pinfall is given as `pinsStanding`: the pin numbers (1…10) still standing
 * after the ball, `[]` when every pin is down. Sheets also carry `standing`,
 * the same state as a 10-bit mask (bit i = pin i + 1).
 *
 * @example
 * ```ts
 * import { SheetSchema } from "./session_sheet.ts";
 * const event = { type: "session", data: null };
 * const sheet = event.data === null ? null : SheetSchema.parse(event.data);
 * ```
 * @module
 */
import { z } from "zod";
import { ShotClipSchema } from "./clips.ts";

/** The live event type carrying a session sheet (its data: a {@linkcode Sheet} or `null`). */
export const SESSION_EVENT = "session";

export const SessionStatusSchema = z.enum(["open", "closed"]).meta({ id: "SessionStatus" });
export const BallSourceSchema = z.enum(["manual", "ai", "correction"]).meta({ id: "BallSource" });

const Timestamp = z.string().meta({ format: "date-time" });
const Standing = z.number().int().min(0).max(1023).meta({
  description: "10-bit mask, bit i = pin i + 1",
});

export const SheetBallSchema = z.object({
  id: z.string().meta({
    description: "Changes when the ball is corrected; correct the current id",
  }),
  pinsStanding: z.array(z.number().int()),
  standing: Standing,
  foul: z.boolean(),
  pins: z.number().int().meta({ description: "Pins this ball counts (0 on a foul)" }),
  mark: z.string().meta({ description: '"X", "/", "-", "F" or a digit' }),
  split: z.boolean(),
  source: BallSourceSchema,
  corrected: z.boolean(),
  confidence: z.number().nullable(),
  shotId: z.string().nullable(),
  provisional: z.boolean().optional().meta({
    description: "The AI's read is in review (its market awaits staff): the score may still change",
  }),
  correction: z.object({
    reason: z.string(),
    at: Timestamp,
    by: z.string().nullable().meta({ description: "Who corrected it (a display name), if known" }),
  }).nullable().optional().meta({
    description: "Set on a corrected ball: why staff changed it, shown to spectators",
  }),
  clip: ShotClipSchema.nullable().optional().meta({
    description: "The shot's clip (GET /api/sessions/{id} only, on balls with a shot)",
  }),
}).meta({ id: "SheetBall" });

export const SheetFrameSchema = z.object({
  number: z.number().int(),
  balls: z.array(SheetBallSchema),
  score: z.number().int().nullable().meta({ description: "With bonus; null until known" }),
  total: z.number().int().nullable().meta({ description: "Running total; null until known" }),
  complete: z.boolean(),
}).meta({ id: "SheetFrame" });

export const NextBallSchema = z.object({
  frame: z.number().int(),
  ball: z.number().int(),
  pinsStanding: z.array(z.number().int()).meta({ description: "The rack the ball faces" }),
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
  removed: z.boolean().meta({
    description: "Removed by staff: kept on the sheet with their balls, never given a turn",
  }),
}).meta({ id: "SheetBowler" });

export const SheetSchema = z.object({
  id: z.uuid(),
  laneId: z.string(),
  status: SessionStatusSchema,
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  bowlers: z.array(SheetBowlerSchema),
  turn: NextBallSchema.extend({ bowlerId: z.uuid() }).nullable().meta({
    description: "Who bowls next and at what; null when closed or every game is complete",
  }),
  complete: z.boolean(),
  openPlay: z.boolean().optional().meta({
    description:
      "An automatic open-play game the AI scores (no one opened it); staff may name or close it",
  }),
}).meta({ id: "SessionSheet" });

export const SessionSummarySchema = z.object({
  id: z.uuid(),
  laneId: z.string(),
  status: SessionStatusSchema,
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  bowlers: z.array(
    z.object({ id: z.uuid(), name: z.string(), total: z.number().int(), complete: z.boolean() }),
  ),
}).meta({ id: "SessionSummary" });

export type SessionStatus = z.infer<typeof SessionStatusSchema>;
export type BallSource = z.infer<typeof BallSourceSchema>;
export type SheetBall = z.infer<typeof SheetBallSchema>;
export type SheetFrame = z.infer<typeof SheetFrameSchema>;
export type NextBall = z.infer<typeof NextBallSchema>;
export type SheetBowler = z.infer<typeof SheetBowlerSchema>;
export type Sheet = z.infer<typeof SheetSchema>;
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
/** The data of a live `session` event. */
export type SessionEventData = Sheet | null;
