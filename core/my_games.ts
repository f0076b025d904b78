/**
 * "My games" on the wire: the games a signed-in person bowled
 * (`GET /api/me/games`), and their shot metrics over time with their strike
 * rate by frame (`GET /api/me/stats`). One game's sheet is a
 * {@linkcode Sheet} (`GET /api/me/games/{sessionId}`). The server validates
 * and documents its answers with these schemas; the web app imports the types.
 * @module
 */
import { z } from "zod";

const Timestamp = z.string().meta({ format: "date-time" });

export const MyGameSchema = z.object({
  sessionId: z.uuid(),
  laneId: z.string(),
  laneName: z.string(),
  status: z.enum(["open", "closed"]),
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  bowlerId: z.uuid().meta({ description: "Their row on the sheet" }),
  name: z.string().meta({ description: "The name they bowled under" }),
  total: z.number().int(),
  complete: z.boolean(),
  frames: z.number().int().meta({ description: "Frames with at least one ball" }),
  strikes: z.number().int(),
  spares: z.number().int(),
  href: z.string().meta({ description: "The game's page in the web app" }),
}).meta({ id: "MyGame" });

export const MyGamesPageSchema = z.object({
  games: z.array(MyGameSchema),
  next: z.string().nullable().meta({ description: "`before` of the next page; null on the last" }),
}).meta({ id: "MyGamesPage" });

export const ShotPointSchema = z.object({
  shotId: z.string(),
  sessionId: z.uuid(),
  at: Timestamp.meta({ description: "When the ball was released" }),
  frame: z.number().int(),
  ball: z.number().int(),
  mark: z.string(),
  launchSpeedMph: z.number(),
  entrySpeedMph: z.number(),
  arrowsBoard: z.number(),
  entryAngleDeg: z.number(),
}).meta({ id: "ShotPoint" });

export const FrameStrikeRateSchema = z.object({
  frame: z.number().int().min(1).max(10),
  chances: z.number().int().meta({ description: "Games with a first ball in this frame" }),
  strikes: z.number().int(),
  rate: z.number().nullable().meta({ description: "strikes / chances; null with no chances" }),
}).meta({ id: "FrameStrikeRate" });

export const MyStatsSchema = z.object({
  games: z.number().int().meta({ description: "Games counted (the most recent, at most 100)" }),
  shots: z.array(ShotPointSchema).meta({ description: "Tracked balls, oldest first" }),
  strikeRateByFrame: z.array(FrameStrikeRateSchema).meta({ description: "Frames 1…10" }),
}).meta({ id: "MyStats" });

export type MyGame = z.infer<typeof MyGameSchema>;
export type MyGamesPage = z.infer<typeof MyGamesPageSchema>;
export type MyStats = z.infer<typeof MyStatsSchema>;
export type { FrameStrikeRate, ShotPoint } from "./bowler_stats.ts";
