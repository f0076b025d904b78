/**
 * The AI's live lane events, the one contract the sidecar, the server, the web
 * app and the tools share: `approach` (the bowler starts the approach),
 * `release` (the ball leaves the hand), `pinfall` (the pins have settled) and
 * `rack-ready` (the next rack stands: the next ball can be bet on). Each is
 * sent as it happens, stamped with the capture time of the frame that showed
 * it (the camera's clock mapped to the server's), and carries a deterministic
 * id so a resend is recognised. They are for timing (suspending markets,
 * starting replays); the shot report stays the record of truth.
 *
 * Also here: the messages of the sidecar's event socket. The rule that folds
 * events into a lane's last known state is `core/lane_phase.ts`.
 *
 * @example
 * ```ts
 * const event = LaneEventSchema.parse(json);
 * console.log(event.type, event.captureTimeMs, laneEventId(event.laneId, event.type, event.captureTimeMs));
 * ```
 * @module
 */
import { z } from "zod";
import { LANE_ID_PATTERN } from "./lane_token.ts";
import { LANE_EVENT_TYPES, type LaneEventType } from "./lane_phase.ts";

export { LANE_EVENT_TYPES, type LaneEventType } from "./lane_phase.ts";

/** Ids are URL-safe, short and chosen by the sidecar (see {@linkcode laneEventId}). */
export const LANE_EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,96}$/;
const MAX_TIME_MS = 2 ** 48;
const TimeMs = z.number().int().min(0).max(MAX_TIME_MS);
const ModelVersion = z.string().min(1).max(200);

export const LaneEventSchema = z.strictObject({
  /** Deterministic (lane, type, triggering frame): the same event sent twice has the same id. */
  id: z.string().regex(LANE_EVENT_ID_PATTERN),
  laneId: z.string().regex(LANE_ID_PATTERN),
  type: z.enum(LANE_EVENT_TYPES),
  /** Capture time of the frame that showed it (camera clock mapped to the server's), ms since the epoch. */
  captureTimeMs: TimeMs,
  /** Best estimate of the moment itself when it is not that frame's (a release extrapolated back to the foul line). */
  atMs: TimeMs.optional(),
  /** How sure the sidecar is that it happened (0–1). */
  confidence: z.number().min(0).max(1),
  /** The model or rule that decided it. */
  model: ModelVersion,
  /** Versions of every model the sidecar ran for this lane. */
  models: z.record(z.string().regex(/^[a-z]{1,16}$/), ModelVersion).refine(
    (m) => Object.keys(m).length <= 8,
    { message: "At most 8 models" },
  ),
  /** rack-ready only: the pins standing for the next ball (bit i = pin i + 1), when read. */
  standing: z.number().int().min(0).max(1023).optional(),
});
export type LaneEvent = z.infer<typeof LaneEventSchema>;

/** An event as the server accepted it, with the server's receipt time. */
export type ReceivedLaneEvent = LaneEvent & { receivedAtMs: number };

/** The id of the `type` event of `laneId` triggered by the frame captured at `captureTimeMs`. */
export function laneEventId(laneId: string, type: LaneEventType, captureTimeMs: number): string {
  return `${laneId}-${type}-${Math.round(captureTimeMs)}`;
}

/** Sidecar → server over the event socket. */
export const EventSocketSendSchema = z.strictObject({
  type: z.literal("event"),
  event: z.unknown(),
});
export type EventSocketSend = { type: "event"; event: LaneEvent };

/** Server → sidecar: `ack` (stored now or before: stop resending) or `refused` (never resend). */
export type EventSocketReply =
  | { type: "ack"; id: string; duplicate: boolean; receivedAtMs: number }
  | { type: "refused"; id: string | null; code: string; detail: string };
