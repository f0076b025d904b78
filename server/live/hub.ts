/**
 * Live updates per lane, in memory: whatever a lane publishes (the new score
 * sheet as `session`, the AI's `shot` events, …) reaches every subscriber of
 * that lane. One process only; nothing is kept for late subscribers.
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

export interface LiveHub {
  /** Delivers `event` to the lane's current subscribers, synchronously; a throwing one is skipped. */
  publish(laneId: string, event: LiveEvent): void;
  /** Calls `fn` for each event of the lane until the returned function is called. */
  subscribe(laneId: string, fn: LiveListener): () => void;
  /** How many subscribers the lane has. */
  subscribers(laneId: string): number;
  /** Calls `fn` for each event of every channel (lanes and users) until the returned function is called. */
  subscribeAll(fn: (channel: string, event: LiveEvent) => void): () => void;
}

const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,31}$/;

export function createLiveHub(): LiveHub {
  const lanes = new Map<string, Set<LiveListener>>();
  const everything = new Set<(channel: string, event: LiveEvent) => void>();
  return {
    publish(laneId, event) {
      if (!EVENT_TYPE.test(event.type)) {
        throw new RangeError(`Live event type "${event.type}" is not a short word`);
      }
      for (const fn of [...(lanes.get(laneId) ?? [])]) {
        try {
          fn(event);
        } catch (err) {
          console.error(`live: a "${event.type}" subscriber of lane "${laneId}" failed`, err);
        }
      }
      for (const fn of [...everything]) {
        try {
          fn(laneId, event);
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
    subscribeAll(fn) {
      const entry = (channel: string, e: LiveEvent) => fn(channel, e);
      everything.add(entry);
      return () => void everything.delete(entry);
    },
  };
}
