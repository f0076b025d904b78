/**
 * Session events for WHIP and WHEP clients. WHIP and WHEP give the server no
 * way to tell a client that its session is over: a publisher whose worker
 * died only finds out when ICE gives up, seconds later. So each session's
 * answer carries a `Link` to a `text/event-stream` (the idea of WHEP's
 * server-sent-events extension, in one GET): when the session ends the SFU
 * sends one event and closes the stream, `reconnect` when the lane moved to
 * another worker (publish or watch again now), `closed` otherwise. Clients that
 * ignore the link lose nothing.
 *
 *   GET <session location>/events   (Authorization: Bearer <the session's lane token>)
 *   ← event: reconnect
 *   ← data: {"reason":"worker died"}
 */
import { SESSION_EVENTS_REL, type SessionEvent } from "../core/session_events.ts";
import { WORKER_DIED } from "./lane_room.ts";
import type { Session } from "./session.ts";
const KEEPALIVE_MS = 15_000;

interface Stream {
  notify(event: SessionEvent, reason: string): void;
  stop(): void;
}

/** The current stream of each session (a new GET closes the old one). */
const streams = new WeakMap<Session, Stream>();
const hooked = new WeakSet<Session>();

/** The `Link` header value that points a WHIP or WHEP client at its session's events. */
export function sessionEventsLink(location: string): string {
  return `<${location}/events>; rel="${SESSION_EVENTS_REL}"; events="reconnect,closed"`;
}

/** The event stream of `session`: one event when it ends, comments to keep it open until then. */
export function sessionEventsResponse(session: Session): Response {
  if (!hooked.has(session)) {
    hooked.add(session);
    session.onClose((reason) =>
      streams.get(session)?.notify(reason === WORKER_DIED ? "reconnect" : "closed", reason)
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
          if (streams.get(session) === stream) streams.delete(session);
          try {
            controller.close();
          } catch { /* already closed */ }
        },
      };
      stop = stream.stop;
      streams.get(session)?.stop();
      streams.set(session, stream);
      send(": session events\n\n");
      if (session.closed) stream.notify("closed", "closed");
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
  });
}
