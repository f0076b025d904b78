/**
 * Live events as Server-Sent Events — a lane's, and with a live ticket also
 * its holder's own channel, merged into one stream: each {@linkcode LiveEvent}
 * becomes `event: <type>` with its data as JSON, a `: heartbeat` comment
 * keeps idle connections open, and the subscription ends when the client
 * goes away. A slow client never holds up publishers: events queue per
 * connection, and beyond {@linkcode MAX_QUEUED} the oldest are dropped.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { LiveEvent, LiveHub } from "./hub.ts";

export const HEARTBEAT_MS = 15_000;
export const MAX_QUEUED = 256;

export interface LaneStreamOptions {
  /** Sent before anything published (e.g. the current sheet). */
  first?: LiveEvent[];
  heartbeatMs?: number;
}

/** One lane's live events. */
export function streamLane(
  c: Context,
  hub: LiveHub,
  laneId: string,
  options: LaneStreamOptions = {},
): Response {
  return streamChannels(c, hub, [laneId], options);
}

/** The live events of several hub channels (a lane and a user's own), in publish order. */
export function streamChannels(
  c: Context,
  hub: LiveHub,
  channels: readonly string[],
  options: LaneStreamOptions = {},
): Response {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  return streamSSE(c, async (stream) => {
    const queue: LiveEvent[] = [...(options.first ?? [])];
    let wake: (() => void) | undefined;
    let done = false;
    const stop = () => {
      done = true;
      wake?.();
    };
    const push = (event: LiveEvent) => {
      queue.push(event);
      if (queue.length > MAX_QUEUED) queue.shift();
      wake?.();
    };
    const unsubscribes = channels.map((channel) => hub.subscribe(channel, push));
    stream.onAbort(stop);
    c.req.raw.signal.addEventListener("abort", stop, { once: true });
    let id = 0;
    try {
      while (!done) {
        for (let e = queue.shift(); e && !done; e = queue.shift()) {
          await stream.writeSSE({
            event: e.type,
            data: JSON.stringify(e.data ?? null),
            id: String(++id),
          });
        }
        if (done) break;
        const idle = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = undefined;
        if (idle && !done) await stream.write(": heartbeat\n\n");
      }
    } finally {
      for (const unsubscribe of unsubscribes) unsubscribe();
      c.req.raw.signal.removeEventListener("abort", stop);
    }
  });
}
