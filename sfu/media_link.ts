/**
 * A media link is one peer's presence in a lane (the SFU's own word, so that
 * "session" means only a bowling session): a WHIP publisher, a WHEP viewer,
 * a WebSocket (mediasoup-client) peer, an RTP ingest, or a pipe from the
 * lane's origin host. It owns its
 * transports, producers and consumers, and closing it closes them all.
 */
import type { Consumer, Producer, Transport } from "./mediasoup.ts";
import type { Viewer } from "./viewer_quota.ts";

/** `pipe`: the lane piped in from its origin host (sfu/pipe/); it keeps no room open by itself. */
export type MediaLinkKind = "whip" | "whep" | "ws" | "rtp" | "pipe";

export class MediaLink {
  readonly id = crypto.randomUUID();
  readonly createdAt = Date.now();
  readonly transports = new Map<string, Transport>();
  readonly producers = new Map<string, Producer>();
  readonly consumers = new Map<string, Consumer>();
  #closed = false;
  #onClose: Array<(reason: string) => void> = [];

  constructor(
    readonly laneId: string,
    readonly kind: MediaLinkKind,
    readonly subject: string,
    /** Set for a viewer (lane:view token): whose viewer slots its transports take. */
    readonly viewer?: Viewer,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** Takes `transport` into the link; one created after the link closed is closed at once. */
  addTransport(transport: Transport): void {
    if (this.#closed) {
      transport.close();
      return;
    }
    this.transports.set(transport.id, transport);
    transport.observer.on("close", () => this.transports.delete(transport.id));
  }

  addConsumer(consumer: Consumer): void {
    this.consumers.set(consumer.id, consumer);
    consumer.observer.on("close", () => this.consumers.delete(consumer.id));
  }

  addProducer(producer: Producer): void {
    this.producers.set(producer.id, producer);
    producer.observer.on("close", () => this.producers.delete(producer.id));
  }

  onClose(fn: (reason: string) => void): void {
    if (this.#closed) fn("closed");
    else this.#onClose.push(fn);
  }

  close(reason = "closed"): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.transports.values()) t.close();
    for (const fn of this.#onClose.splice(0)) fn(reason);
  }
}
