/**
 * What a lane is doing, as the AI's live events last told it — a pure rule
 * shared by the server (markets read it) and the web app (the lane page shows
 * it), free of zod so the browser bundle stays small. The events' wire
 * contract is `core/lane_events.ts`.
 *
 * @example
 * ```ts
 * const state = nextLanePhase(previous, event);
 * if (state.ballInPlay) console.log("markets stay suspended");
 * ```
 * @module
 */

export const LANE_EVENT_TYPES = ["approach", "release", "pinfall", "rack-ready"] as const;
export type LaneEventType = (typeof LANE_EVENT_TYPES)[number];

/**
 * "approach" (bowler on the approach), "released" (ball on the lane),
 * "pinfall" (pins down, rack being reset), "rack-ready" (next ball can be bet
 * on). `ballInPlay` is true in the first three: markets stay suspended.
 */
export type LanePhase = "approach" | "released" | "pinfall" | "rack-ready";

/** What the rule needs of an event. */
export interface PhaseEvent {
  type: LaneEventType;
  captureTimeMs: number;
}

export interface LaneLiveState<E extends PhaseEvent = PhaseEvent> {
  phase: LanePhase;
  ballInPlay: boolean;
  /** The event that set this phase. */
  event: E;
}

const PHASE_OF: Record<LaneEventType, LanePhase> = {
  approach: "approach",
  release: "released",
  pinfall: "pinfall",
  "rack-ready": "rack-ready",
};

/**
 * The lane's state after `event`. Capture times decide, not arrival: an event
 * captured before the one that set the current state (a late resend) changes
 * nothing.
 */
export function nextLanePhase<E extends PhaseEvent>(
  current: LaneLiveState<E> | null,
  event: E,
): LaneLiveState<E> {
  if (current && event.captureTimeMs < current.event.captureTimeMs) return current;
  const phase = PHASE_OF[event.type];
  return { phase, ballInPlay: phase !== "rack-ready", event };
}
