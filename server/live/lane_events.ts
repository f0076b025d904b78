/**
 * The AI's live lane events on the server: each event the sidecar sends is
 * validated against the one contract (`core/lane_events.ts`), deduplicated by
 * its id (Deno KV, so API instances sharing a KV agree), stamped with its
 * receipt time, folded into the lane's last state, and published — to typed
 * in-process subscribers (the markets engine) and to the lane's live feed as
 * the SSE event `ai-event`.
 *
 * @example
 * ```ts
 * const events = createLaneEvents({ kv, live, laneExists: async () => true });
 * const stop = events.subscribe((e) => console.log(e.laneId, e.type, e.captureTimeMs));
 * await events.receive(json); // throws DomainError("invalid_lane_event", …) when malformed
 * events.state("3")?.ballInPlay;
 * stop();
 * ```
 * @module
 */
import { type LaneEvent, LaneEventSchema, type ReceivedLaneEvent } from "../../core/lane_events.ts";
import { type LaneLiveState, nextLanePhase } from "../../core/lane_phase.ts";
import { DomainError } from "../../core/problem.ts";
import type { Sql } from "../db.ts";
import { KEYS } from "../kv.ts";
import { getLane } from "../lanes/repo.ts";
import type { LiveHub } from "./hub.ts";

/** The SSE event name of a lane event on `GET /api/lanes/{id}/live`. */
export const AI_EVENT = "ai-event";
/** How long an event id is remembered for dedupe. */
export const DEDUPE_TTL_MS = 24 * 3600_000;
/**
 * An event captured further ahead of the server's clock than this is
 * refused: a clock that runs ahead would otherwise pin the lane's state
 * (later events never overtake a future one).
 */
export const MAX_AHEAD_MS = 2000;
const MAX_ISSUES = 10;

export type LaneEventListener = (event: ReceivedLaneEvent) => void;

export interface LaneEvents {
  /**
   * Takes one event as sent: validated, deduplicated, published once.
   * `duplicate` is true (and nothing is published) when its id was seen before.
   */
  receive(
    raw: unknown,
    receivedAtMs?: number,
  ): Promise<{ event: ReceivedLaneEvent; duplicate: boolean }>;
  /** Calls `fn` with each new event (of one lane, or of all) until the returned function is called. */
  subscribe(fn: LaneEventListener, laneId?: string): () => void;
  /** The lane's last state as the AI told it, or null before its first event. */
  state(laneId: string): LaneLiveState<ReceivedLaneEvent> | null;
}

export interface LaneEventsOptions {
  kv: Deno.Kv;
  live: LiveHub;
  /** Whether the lane exists (cached here for a few seconds). */
  laneExists: (laneId: string) => Promise<boolean>;
  now?: () => number;
}

const LANE_CACHE_MS = 10_000;

export function createLaneEvents(o: LaneEventsOptions): LaneEvents {
  const now = o.now ?? Date.now;
  const listeners = new Set<{ fn: LaneEventListener; laneId?: string }>();
  const states = new Map<string, LaneLiveState<ReceivedLaneEvent>>();
  const knownLanes = new Map<string, number>();

  async function checkLane(laneId: string): Promise<void> {
    const until = knownLanes.get(laneId);
    if (until !== undefined && until > now()) return;
    if (!(await o.laneExists(laneId))) {
      knownLanes.delete(laneId);
      throw new DomainError("unknown_lane", `Cannot find lane "${laneId}"`);
    }
    knownLanes.set(laneId, now() + LANE_CACHE_MS);
  }

  // Events other instances received (a shared live bus) move this instance's lane state too,
  // so its markets know whether a lane is idle; their listeners here are not called (the
  // receiving instance's listeners act on them once).
  o.live.subscribeAll((laneId, e) => {
    if (e.type !== AI_EVENT) return;
    const event = e.data as ReceivedLaneEvent;
    states.set(laneId, nextLanePhase(states.get(laneId) ?? null, event));
  }, { origin: "remote" });

  function publish(event: ReceivedLaneEvent): void {
    states.set(event.laneId, nextLanePhase(states.get(event.laneId) ?? null, event));
    for (const l of [...listeners]) {
      if (l.laneId !== undefined && l.laneId !== event.laneId) continue;
      try {
        l.fn(event);
      } catch (err) {
        console.error(`lane events: a subscriber failed on "${event.id}"`, err);
      }
    }
    o.live.publish(event.laneId, { type: AI_EVENT, data: event });
  }

  return {
    async receive(raw, receivedAtMs = now()) {
      const event = parseLaneEvent(raw);
      if (event.captureTimeMs > receivedAtMs + MAX_AHEAD_MS) {
        throw new DomainError(
          "lane_event_ahead",
          `Event "${event.id}" was captured ${
            event.captureTimeMs - receivedAtMs
          } ms ahead of the server's clock`,
        );
      }
      await checkLane(event.laneId);
      const key = KEYS.laneEvent(event.id);
      const received: ReceivedLaneEvent = { ...event, receivedAtMs };
      const res = await o.kv.atomic().check({ key, versionstamp: null })
        .set(key, { laneId: event.laneId, type: event.type, receivedAtMs }, {
          expireIn: DEDUPE_TTL_MS,
        })
        .commit();
      if (!res.ok) {
        const first = await o.kv.get<{ receivedAtMs: number }>(key);
        return {
          event: { ...event, receivedAtMs: first.value?.receivedAtMs ?? receivedAtMs },
          duplicate: true,
        };
      }
      publish(received);
      return { event: received, duplicate: false };
    },
    subscribe(fn, laneId) {
      const entry = { fn, laneId };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    state(laneId) {
      return states.get(laneId) ?? null;
    },
  };
}

/** The lane events of a running server: lanes checked in the database. */
export function laneEventsFor(o: { kv: Deno.Kv; live: LiveHub; sql: Sql }): LaneEvents {
  return createLaneEvents({
    kv: o.kv,
    live: o.live,
    laneExists: async (id) => (await getLane(o.sql, id))?.enabled ?? false,
  });
}

/** Validates one event against the contract; a `DomainError("invalid_lane_event")` says what is wrong. */
export function parseLaneEvent(raw: unknown): LaneEvent {
  const parsed = LaneEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw invalidLaneEvent(parsed.error.issues);
}

/** The error for an event that fails the contract, listing (up to 10 of) its issues. */
export function invalidLaneEvent(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): DomainError {
  const errors = issues.slice(0, MAX_ISSUES).map((i) => ({
    path: i.path.map(String).join(".") || "(event)",
    message: i.message,
  }));
  const first = errors[0];
  return new DomainError(
    "invalid_lane_event",
    first
      ? `Invalid lane event: ${first.path === "(event)" ? "" : `"${first.path}" `}${first.message}`
      : "Invalid lane event",
    { errors },
  );
}
