/**
 * A {@linkcode LiveHub} shared by every API instance on one PostgreSQL
 * (`LIVE_BUS=postgres`): an event reaches this instance's subscribers at once,
 * as with the memory hub, and goes out by `NOTIFY` to the others, which
 * deliver what they `LISTEN` to. An instance skips its own notifications, so
 * nothing is delivered twice.
 *
 * Order: an instance sends its events one after another, so every instance
 * sees one instance's events in the order they were published (PostgreSQL
 * delivers notifications in commit order) and delivers them in that order,
 * even when one of them had to be read back from the database. An event
 * larger than one notification (PostgreSQL's limit is 8000 bytes) is stored
 * in `live_event_payloads` and its row id is notified; rows are swept after
 * {@linkcode PAYLOAD_KEEP_S}. Events sent while the listening connection is
 * down are not replayed (a live stream's client reads the state again when it
 * reconnects, as with the memory hub).
 *
 * @example
 * ```ts ignore
 * const live = await createPgLiveHub({ sql });
 * live.subscribe("3", (e) => console.log(e.type)); // also gets other instances' events
 * live.publish("3", { type: "session", data: sheet });
 * ```
 * @module
 */
import type { Sql } from "../db.ts";
import { checkEventType, createFanout, type LiveEvent, type LiveHub } from "./hub.ts";

/** The PostgreSQL notification channel of live events. */
export const LIVE_NOTIFY_CHANNEL = "lanecast_live";
/** Largest notification sent inline (bytes of JSON); PostgreSQL refuses payloads of 8000 or more. */
export const MAX_INLINE_BYTES = 7900;
/** Stored payloads older than this are swept. */
export const PAYLOAD_KEEP_S = 300;

export interface PgLiveHubOptions {
  sql: Sql;
  /** This instance's id in its notifications (default: random). */
  instanceId?: string;
  /** Notification channel (default {@linkcode LIVE_NOTIFY_CHANNEL}; tests use their own). */
  channel?: string;
  /** Events whose notification would be larger go through `live_event_payloads`. */
  maxInlineBytes?: number;
  log?: (message: string, err?: unknown) => void;
}

/** One notification: origin instance, its sequence number, channel, and the event or its row. */
interface Wire {
  o: string;
  n: number;
  c: string;
  e?: LiveEvent;
  r?: string;
}

export interface PgLiveHub extends LiveHub {
  /** Resolves once every event published so far has been sent (tests, shutdown). */
  flushed(): Promise<void>;
}

export async function createPgLiveHub(o: PgLiveHubOptions): Promise<PgLiveHub> {
  const { sql } = o;
  const self = o.instanceId ?? crypto.randomUUID();
  const channel = o.channel ?? LIVE_NOTIFY_CHANNEL;
  const maxInline = o.maxInlineBytes ?? MAX_INLINE_BYTES;
  const log = o.log ?? ((m, err) => console.error(`live: ${m}`, err ?? ""));
  const fanout = createFanout();
  const closing = new AbortController();
  const bytes = new TextEncoder();
  let seq = 0;
  const lastSeen = new Map<string, number>();
  let lastSweep = 0;
  // One chain out and one chain in: each side keeps the order it was given.
  let sending: Promise<void> = Promise.resolve();
  let receiving: Promise<void> = Promise.resolve();

  async function send(wire: Wire): Promise<void> {
    let text = JSON.stringify(wire);
    if (bytes.encode(text).length > maxInline) {
      const [row] = await sql<{ id: string }[]>`
        insert into live_event_payloads (channel, event) values (${wire.c}, ${
        sql.json(wire.e as never)
      })
        returning id`;
      text = JSON.stringify({ o: wire.o, n: wire.n, c: wire.c, r: row.id } satisfies Wire);
      if (Date.now() - lastSweep > PAYLOAD_KEEP_S * 1000) {
        lastSweep = Date.now();
        await sql`
          delete from live_event_payloads
          where created_at < now() - make_interval(secs => ${PAYLOAD_KEEP_S})`;
      }
    }
    await sql.notify(channel, text);
  }

  async function receive(text: string): Promise<void> {
    const wire = JSON.parse(text) as Wire;
    if (wire.o === self) return;
    const last = lastSeen.get(wire.o);
    if (last !== undefined && wire.n !== last + 1) {
      log(`missed ${wire.n - last - 1} events of instance "${wire.o}" (its listener reconnected?)`);
    }
    lastSeen.set(wire.o, wire.n);
    let event = wire.e;
    if (wire.r !== undefined) {
      const [row] = await sql<{ event: LiveEvent }[]>`
        select event from live_event_payloads where id = ${wire.r}`;
      if (!row) return log(`stored event "${wire.r}" of "${wire.c}" is gone`);
      event = row.event;
    }
    if (!event) return;
    // Anyone who can connect to the database can NOTIFY: an event becomes an SSE
    // event name and a channel only when it is the shape this hub publishes.
    try {
      checkEventType(event.type);
    } catch {
      return log(`an event of "${wire.c}" with the type ${JSON.stringify(event.type)} was dropped`);
    }
    if (typeof wire.c !== "string" || wire.c.length > 200) return;
    fanout.deliver(wire.c, event, "remote");
  }

  const listening = await sql.listen(channel, (text) => {
    if (closing.signal.aborted) return;
    receiving = receiving.then(() => receive(text)).catch((err) =>
      log(`a notification could not be delivered`, err)
    );
  });

  return {
    closed: closing.signal,
    close() {
      if (closing.signal.aborted) return;
      closing.abort();
      listening.unlisten().catch(() => {});
    },
    publish(laneId, event) {
      checkEventType(event.type);
      fanout.deliver(laneId, event, "local");
      if (closing.signal.aborted) return;
      const wire: Wire = { o: self, n: ++seq, c: laneId, e: event };
      sending = sending.then(() => send(wire)).catch((err) =>
        log(`event "${event.type}" of "${laneId}" was not sent to other instances`, err)
      );
    },
    subscribe: fanout.subscribe,
    subscribers: (laneId) => Math.max(1, fanout.subscribers(laneId)),
    subscribeAll: fanout.subscribeAll,
    flushed: () => sending,
  };
}
