/**
 * Link events for WHIP and WHEP clients. WHIP and WHEP give the server no way
 * to tell a client that its media link is over: a publisher whose worker died
 * only finds out when ICE gives up, seconds later. So each answer carries a
 * `Link` to a `text/event-stream` (the idea of WHEP's server-sent-events
 * extension, in one GET): when the media link ends the SFU sends one event
 * and closes the stream, `reconnect` when the lane moved to another worker
 * (publish or watch again now), `closed` otherwise. Clients that ignore the
 * link lose nothing.
 *
 *   GET <link location>/events   (Authorization: Bearer <the link's lane token>)
 *   ← event: reconnect
 *   ← data: {"reason":"worker died"}
 */
import { LINK_EVENTS_REL, type LinkEvent } from "../core/link_events.ts";
import { WORKER_DIED } from "./lane_room.ts";
import type { MediaLink } from "./media_link.ts";

const KEEPALIVE_MS = 15_000;

interface Stream {
  notify(event: LinkEvent, reason: string): void;
  stop(): void;
}

/** The current stream of each link (a new GET closes the old one). */
const streams = new WeakMap<MediaLink, Stream>();
const hooked = new WeakSet<MediaLink>();

/** The `Link` header value that points a WHIP or WHEP client at its media link's events. */
export function linkEventsLink(location: string): string {
  return `<${location}/events>; rel="${LINK_EVENTS_REL}"; events="reconnect,closed"`;
}

/** The event stream of `link`: one event when it ends, comments to keep it open until then. */
export function linkEventsResponse(link: MediaLink): Response {
  if (!hooked.has(link)) {
    hooked.add(link);
    link.onClose((reason) =>
      streams.get(link)?.notify(reason === WORKER_DIED ? "reconnect" : "closed", reason)
    );
  }
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch { /* the client went away */ }
      };
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), KEEPALIVE_MS);
      const stream: Stream = {
        notify(event, reason) {
          send(`event: ${event}\ndata: ${JSON.stringify({ reason })}\n\n`);
          stop();
        },
        stop() {
          clearInterval(keepAlive);
          if (streams.get(link) === stream) streams.delete(link);
          try {
            controller.close();
          } catch { /* already closed */ }
        },
      };
      stop = stream.stop;
      streams.get(link)?.stop();
      streams.set(link, stream);
      send(": link events\n\n");
      if (link.closed) stream.notify("closed", "closed");
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
  });
}
