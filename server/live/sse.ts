/**
 * Live events as Server-Sent Events — a lane's, and with a live ticket also
 * its holder's own channel, merged into one stream: each {@linkcode LiveEvent}
 * becomes `event: <type>` with its data as JSON and a per-stream `id`, a
 * `: heartbeat` comment keeps idle connections open, and the subscription
 * ends when the client goes away or the hub closes (shutdown). A slow client
 * never holds up publishers: past the few chunks the response body holds
 * ({@linkcode BODY_CHUNKS}), events queue per connection, and beyond
 * {@linkcode MAX_QUEUED} the oldest are dropped.
 *
 * One event often goes to hundreds of streams (a lane's pools to every bettor
 * watching it), so its text is serialized and encoded once
 * ({@linkcode eventFrame}) and each stream adds only its `id` line. Events go
 * straight into the response body's stream while the client keeps up; what
 * waits is sent as one chunk when it reads again.
 */
import type { Context } from "hono";
import type { LiveEvent, LiveHub } from "./hub.ts";

export const HEARTBEAT_MS = 15_000;
export const MAX_QUEUED = 256;
/** Chunks the body's stream holds before events wait in the connection's own queue. */
export const BODY_CHUNKS = 4;

export interface LaneStreamOptions {
  /** Sent before anything published (e.g. the current sheet). */
  first?: LiveEvent[];
  heartbeatMs?: number;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": heartbeat\n\n");
const frames = new WeakMap<LiveEvent, Uint8Array>();

/** `event:` and `data:` lines of `e`, made once per event (each stream adds its `id:` and the blank line). */
export function eventFrame(e: LiveEvent): Uint8Array {
  let frame = frames.get(e);
  if (!frame) {
    // JSON text has no raw line breaks, so the data is one `data:` line.
    frame = encoder.encode(`event: ${e.type}\ndata: ${JSON.stringify(e.data ?? null)}\n`);
    frames.set(e, frame);
  }
  return frame;
}

const ID = encoder.encode("id: ");

/** Each frame with its `id: <n>` line and the blank line that ends an event, all in one chunk. */
function chunkOf(frames: readonly Uint8Array[], firstId: number): Uint8Array {
  const ids = frames.map((_, k) => String(firstId + k));
  let size = 0;
  frames.forEach((f, k) => size += f.length + ID.length + ids[k].length + 2);
  const out = new Uint8Array(size);
  let at = 0;
  frames.forEach((f, k) => {
    out.set(f, at);
    out.set(ID, at += f.length);
    at += ID.length;
    // Digits are ASCII: one byte each, no encoder needed.
    for (let d = 0; d < ids[k].length; d++) out[at++] = ids[k].charCodeAt(d);
    out[at++] = 10;
    out[at++] = 10;
  });
  return out;
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
  const queue: LiveEvent[] = [...(options.first ?? [])];
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let unsubscribes: (() => void)[] = [];
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let lastId = 0;
  let sentSinceBeat = false;
  let done = false;

  /** Sends what waits, while the body's stream has room. */
  const flush = () => {
    if (done || !controller || !queue.length || (controller.desiredSize ?? 0) <= 0) return;
    const events = queue.splice(0);
    controller.enqueue(chunkOf(events.map(eventFrame), lastId + 1));
    lastId += events.length;
    sentSinceBeat = true;
  };
  const stop = () => {
    if (done) return;
    done = true;
    for (const unsubscribe of unsubscribes) unsubscribe();
    unsubscribes = [];
    clearInterval(heartbeat);
    c.req.raw.signal.removeEventListener("abort", stop);
    hub.closed.removeEventListener("abort", stop);
    try {
      controller?.close();
    } catch { /* cancelled by the client already */ }
  };
  const push = (event: LiveEvent) => {
    queue.push(event);
    if (queue.length > MAX_QUEUED) queue.shift();
    flush();
  };

  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      controller = ctrl;
      unsubscribes = channels.map((channel) => hub.subscribe(channel, push));
      c.req.raw.signal.addEventListener("abort", stop, { once: true });
      hub.closed.addEventListener("abort", stop, { once: true });
      heartbeat = setInterval(() => {
        if (!sentSinceBeat && !queue.length && (ctrl.desiredSize ?? 0) > 0) ctrl.enqueue(HEARTBEAT);
        sentSinceBeat = false;
      }, heartbeatMs);
      flush();
      if (hub.closed.aborted) stop();
    },
    pull: flush,
    cancel: stop,
  }, new CountQueuingStrategy({ highWaterMark: BODY_CHUNKS }));

  c.header("Content-Type", "text/event-stream");
  c.header("Cache-Control", "no-cache");
  c.header("Connection", "keep-alive");
  return c.body(body);
}
