/**
 * Live updates per lane, in memory: whatever a lane publishes (the new score
 * sheet as `session`, the AI's `shot` events, …) reaches every subscriber of
 * that lane. One process only (several API instances share one through
 * PostgreSQL: pg_hub.ts, `LIVE_BUS=postgres`); nothing is kept for late
 * subscribers.
 *
 * @example
 * ```ts
 * import { createLiveHub } from "./hub.ts";
 *
 * const live = createLiveHub();
 * const stop = live.subscribe("3", (e) => console.log(e.type, e.data));
 * live.publish("3", { type: "session", data: { id: "…" } });
 * stop();
 * ```
 * @module
 */

/** One update for a lane; `type` is the SSE event name (a short word). */
export interface LiveEvent {
  type: string;
  data: unknown;
}

export type LiveListener = (event: LiveEvent) => void;

/** Which events a {@linkcode LiveHub.subscribeAll} listener gets, by where they were published. */
export interface SubscribeAllOptions {
  /**
   * `"any"` (default): every event; `"local"`: only those published by this
   * process (so work that follows an event is done once, by the instance
   * that published it); `"remote"`: only those other instances published
   * (none on a hub of one process).
   */
  origin?: "any" | "local" | "remote";
}

export interface LiveHub {
  /** Delivers `event` to the lane's current subscribers, synchronously; a throwing one is skipped. */
  publish(laneId: string, event: LiveEvent): void;
  /** Calls `fn` for each event of the lane until the returned function is called. */
  subscribe(laneId: string, fn: LiveListener): () => void;
  /**
   * How many subscribers the lane has. A hub shared by several instances
   * counts only this one's and answers at least 1 (others may have some).
   */
  subscribers(laneId: string): number;
  /** Calls `fn` for each event of every channel (lanes and users) until the returned function is called. */
  subscribeAll(
    fn: (channel: string, event: LiveEvent) => void,
    options?: SubscribeAllOptions,
  ): () => void;
  /** Aborted by {@linkcode LiveHub.close}: live streams watch it and end. */
  readonly closed: AbortSignal;
  /** Ends every live stream (at shutdown, so the HTTP server need not wait for their clients). */
  close(): void;
}

const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,31}$/;

/** Throws when `type` is not a short word (it becomes an SSE event name). */
export function checkEventType(type: string): void {
  if (!EVENT_TYPE.test(type)) throw new RangeError(`Live event type "${type}" is not a short word`);
}

export function createLiveHub(): LiveHub {
  const fanout = createFanout();
  const closing = new AbortController();
  return {
    closed: closing.signal,
    close: () => closing.abort(),
    publish(laneId, event) {
      checkEventType(event.type);
      fanout.deliver(laneId, event, "local");
    },
    subscribe: fanout.subscribe,
    subscribers: fanout.subscribers,
    subscribeAll: fanout.subscribeAll,
  };
}

/** The subscriber lists of a hub: who gets an event, local or from another instance. */
export interface Fanout extends Pick<LiveHub, "subscribe" | "subscribers" | "subscribeAll"> {
  /** Calls the channel's subscribers and those of every channel that take events of `origin`. */
  deliver(channel: string, event: LiveEvent, origin: "local" | "remote"): void;
}

export function createFanout(): Fanout {
  type AllEntry = { fn: (channel: string, event: LiveEvent) => void; origin: string };
  const lanes = new Map<string, Set<LiveListener>>();
  const everything = new Set<AllEntry>();
  return {
    deliver(laneId, event, origin) {
      for (const fn of [...(lanes.get(laneId) ?? [])]) {
        try {
          fn(event);
        } catch (err) {
          console.error(`live: a "${event.type}" subscriber of lane "${laneId}" failed`, err);
        }
      }
      for (const entry of [...everything]) {
        if (entry.origin !== "any" && entry.origin !== origin) continue;
        try {
          entry.fn(laneId, event);
        } catch (err) {
          console.error(`live: a "${event.type}" subscriber of every channel failed`, err);
        }
      }
    },
    subscribe(laneId, fn) {
      let set = lanes.get(laneId);
      if (!set) lanes.set(laneId, set = new Set());
      // A wrapper, so one function subscribed twice is two subscriptions.
      const entry: LiveListener = (e) => fn(e);
      set.add(entry);
      return () => {
        const current = lanes.get(laneId);
        if (!current?.delete(entry)) return;
        if (current.size === 0) lanes.delete(laneId);
      };
    },
    subscribers(laneId) {
      return lanes.get(laneId)?.size ?? 0;
    },
    subscribeAll(fn, options) {
      const entry: AllEntry = { fn, origin: options?.origin ?? "any" };
      everything.add(entry);
      return () => void everything.delete(entry);
    },
  };
}
