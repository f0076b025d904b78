/**
 * The sidecar's live events to the server over one WebSocket
 * (`/api/inference/events`, inference key): each event is sent at once and
 * kept until the server acknowledges it; after a dropped connection the
 * channel reconnects (the first retry at once, then with backoff, cut short
 * when a new event is waiting) and resends
 * every unacknowledged event in order. The server dedupes by event id, so an
 * event whose ack was lost is published once. A refused event (malformed,
 * unknown lane) is dropped and logged, never resent. At most `maxPending`
 * events wait; beyond that the oldest go (timing events that old are useless).
 *
 * @example
 * ```ts
 * const channel = new EventChannel({ url: "ws://127.0.0.1:8000/api/inference/events", key });
 * channel.send(event);
 * await channel.close();
 * ```
 */
import type { EventSocketReply, EventSocketSend, LaneEvent } from "../../core/lane_events.ts";

export interface EventChannelOptions {
  /** ws(s):// address of the server's event socket. */
  url: string;
  key: string;
  maxPending?: number;
  /** Backoff after failed connects: first retry at once, then doubling from this (ms)... */
  retryMinMs?: number;
  /** ...up to this (ms). */
  retryMaxMs?: number;
  log?: (msg: string) => void;
  /** Called with each server reply (tests, figures). */
  onReply?: (reply: EventSocketReply) => void;
}

export interface EventChannelStats {
  sent: number;
  acked: number;
  duplicates: number;
  refused: number;
  resent: number;
  dropped: number;
  connects: number;
  pending: number;
}

export class EventChannel {
  readonly #o: Required<Omit<EventChannelOptions, "log" | "onReply">> & EventChannelOptions;
  readonly #pending = new Map<string, LaneEvent>();
  #ws: WebSocket | null = null;
  #open = false;
  #closed = false;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly stats: Omit<EventChannelStats, "pending"> = {
    sent: 0,
    acked: 0,
    duplicates: 0,
    refused: 0,
    resent: 0,
    dropped: 0,
    connects: 0,
  };

  constructor(options: EventChannelOptions) {
    this.#o = { maxPending: 1000, retryMinMs: 250, retryMaxMs: 2000, ...options };
    this.#connect();
  }

  /** Events sent and not yet acknowledged. */
  get pending(): number {
    return this.#pending.size;
  }

  get connected(): boolean {
    return this.#open;
  }

  /** Sends `event` now if connected; in any case keeps it until acknowledged. */
  send(event: LaneEvent): void {
    if (this.#closed) return;
    this.#pending.delete(event.id);
    this.#pending.set(event.id, event);
    while (this.#pending.size > this.#o.maxPending) {
      this.#pending.delete(this.#pending.keys().next().value!);
      this.stats.dropped++;
    }
    if (this.#open) this.#write(event);
    else if (this.#timer !== undefined) {
      // Waiting out a backoff: an event is worth a try now.
      clearTimeout(this.#timer);
      this.#connect();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const ws = this.#ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = new Promise<void>((r) => {
      ws.addEventListener("close", () => r(), { once: true });
      timer = setTimeout(r, 1000);
    });
    ws.close();
    await done;
    clearTimeout(timer);
  }

  #write(event: LaneEvent): void {
    const message: EventSocketSend = { type: "event", event };
    this.#ws!.send(JSON.stringify(message));
    this.stats.sent++;
  }

  #connect(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const ws = new WebSocket(this.#o.url, {
      headers: { authorization: `Bearer ${this.#o.key}` },
    } as unknown as string[]);
    this.#ws = ws;
    ws.onopen = () => {
      this.#open = true;
      this.stats.connects++;
      for (const event of this.#pending.values()) {
        this.#write(event);
        this.stats.resent++;
      }
    };
    ws.onmessage = (e) => this.#reply(e.data);
    ws.onerror = () => {};
    ws.onclose = () => {
      const wasOpen = this.#open;
      this.#open = false;
      if (this.#ws !== ws || this.#closed) return;
      if (wasOpen) this.#o.log?.("event socket closed; reconnecting");
      const delay = this.#failures === 0
        ? 0
        : Math.min(this.#o.retryMaxMs, this.#o.retryMinMs * 2 ** (this.#failures - 1));
      this.#failures++;
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  #reply(data: unknown): void {
    let reply: EventSocketReply;
    try {
      reply = JSON.parse(String(data));
    } catch {
      return;
    }
    // A server that answers is healthy: the next drop is retried at once. (One that only accepts
    // and drops the socket keeps backing off.)
    this.#failures = 0;
    if (reply.type === "ack") {
      if (this.#pending.delete(reply.id)) this.stats.acked++;
      if (reply.duplicate) this.stats.duplicates++;
    } else if (reply.type === "refused") {
      if (reply.id) this.#pending.delete(reply.id);
      this.stats.refused++;
      this.#o.log?.(`event ${reply.id ?? "?"} refused: ${reply.code} ${reply.detail}`);
    }
    this.#o.onReply?.(reply);
  }
}
