/**
 * Past-posting: a bet committed at or after the moment the bowler started
 * the approach (or released the ball, when no approach was seen) is void,
 * whichever of the bet and the event reaches the server first. The moment is
 * the event's capture time (the camera's clock mapped to the server's),
 * never a client's clock, shifted by `BET_ACCEPT_DELAY_MS` (positive: grace
 * for viewers' stream delay; negative: a stricter margin). Free of zod.
 *
 * @example
 * ```ts
 * import { isPastPosted, pastPostCutoffMs, suspendingEvent } from "./past_post.ts";
 *
 * const event = suspendingEvent([{ type: "release", captureTimeMs: 1_500 }, { type: "approach", captureTimeMs: 1_000 }]);
 * const cutoff = pastPostCutoffMs(event!.captureTimeMs, 0); // 1000
 * isPastPosted(1_000, cutoff); // true: at the cutoff is too late
 * isPastPosted(999, cutoff); // false
 * ```
 * @module
 */

/** What the rule needs of an event (a lane event, or a shot's own times). */
export interface TimedEvent {
  type: string;
  captureTimeMs: number;
}

/** The first moment a bet on the ball is too late: event capture time + delay. */
export function pastPostCutoffMs(eventCaptureMs: number, betAcceptDelayMs: number): number {
  if (!Number.isFinite(eventCaptureMs) || !Number.isFinite(betAcceptDelayMs)) {
    throw new RangeError(`Cutoff of "${eventCaptureMs}" + "${betAcceptDelayMs}" ms is not a time`);
  }
  return eventCaptureMs + betAcceptDelayMs;
}

/** A bet placed at or after the cutoff is past-posted (void). */
export function isPastPosted(placedAtMs: number, cutoffMs: number): boolean {
  return placedAtMs >= cutoffMs;
}

const rank = (e: TimedEvent) => (e.type === "approach" ? 0 : 1);

/**
 * Of one ball's events, the one that suspends its markets and sets the
 * cutoff: the approach, or the release when no approach was seen — more
 * exactly, the earliest `approach`/`release` by capture time (an approach on
 * a tie). For a real ball the approach comes first, so that is the approach
 * whenever one was seen. Taking the earliest makes the verdict independent
 * of the order and duplication of arrivals, and a later event can only move
 * the cutoff earlier, so a bet voided once is never un-voided. Other event
 * types are ignored; null when there is none.
 */
export function suspendingEvent<E extends TimedEvent>(events: readonly E[]): E | null {
  let best: E | null = null;
  for (const e of events) {
    if (e.type !== "approach" && e.type !== "release") continue;
    if (
      best === null || e.captureTimeMs < best.captureTimeMs ||
      (e.captureTimeMs === best.captureTimeMs && rank(e) < rank(best))
    ) best = e;
  }
  return best;
}

/** The cutoff for a ball from its events (see {@linkcode suspendingEvent}); null before any. */
export function ballCutoffMs(
  events: readonly TimedEvent[],
  betAcceptDelayMs: number,
): number | null {
  const event = suspendingEvent(events);
  return event ? pastPostCutoffMs(event.captureTimeMs, betAcceptDelayMs) : null;
}
