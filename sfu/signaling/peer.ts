/**
 * A mediasoup-client peer on the WebSocket: parses and validates each
 * request, dispatches it to its method's handler, and forwards the lane's
 * producer events as notifications.
 */
import { type LaneClaims } from "../../core/lane_token.ts";
import { DomainError, errorStatus } from "../../core/problem.ts";
import {
  MAX_SIGNAL_MESSAGE_BYTES,
  type SignalMethod,
  type SignalNotification,
  SignalRequest,
  type SignalResponse,
} from "../../core/signaling.ts";
import type { LaneRoom } from "../lane_room.ts";
import type { MediaLink } from "../media_link.ts";
import type { Viewer } from "../viewer_quota.ts";
import { parseData } from "../http_util.ts";
import { getRouterRtpCapabilities } from "./capabilities.ts";
import { consume, resumeConsumer } from "./consume.ts";
import { closeProducer, produce } from "./produce.ts";
import { connectTransport, createTransport } from "./transport.ts";

export interface PeerContext {
  room: LaneRoom;
  link: MediaLink;
  claims: LaneClaims;
  notify(n: SignalNotification): void;
}

export type Handler = (ctx: PeerContext, data: Record<string, unknown>) => Promise<unknown>;

const HANDLERS: Record<SignalMethod, Handler> = {
  getRouterRtpCapabilities,
  createTransport,
  connectTransport,
  produce,
  consume,
  resumeConsumer,
  closeProducer,
};

/** Requests one socket may have waiting behind the one being handled. */
export const MAX_WAITING_MESSAGES = 32;

export class SignalingPeer {
  readonly ctx: PeerContext;
  #queue: Promise<void> = Promise.resolve();
  #waiting = 0;
  #unsubscribe: () => void;

  constructor(
    room: LaneRoom,
    claims: LaneClaims,
    readonly send: (text: string) => void,
    close: (code: number, reason: string) => void,
    viewer?: Viewer,
  ) {
    const link = room.openLink("ws", claims.sub, viewer);
    this.ctx = { room, link, claims, notify: (n) => this.send(JSON.stringify(n)) };
    this.#unsubscribe = room.subscribe((e) => {
      if (e.type === "newProducer" && !link.producers.has(e.producer.id)) {
        this.ctx.notify({ notification: "newProducer", data: { producerId: e.producer.id } });
      } else if (e.type === "producerClosed") {
        this.ctx.notify({ notification: "producerClosed", data: { producerId: e.producerId } });
      } else if (e.type === "replay") {
        this.ctx.notify({ notification: "replay", data: e.notice });
      } else if (e.type === "close") {
        this.ctx.notify({ notification: "laneClosed", data: { reason: e.reason } });
        close(1012, "lane closed");
      }
    });
    link.onClose((reason) => {
      if (reason !== "socket closed") close(1000, reason.slice(0, 100));
    });
  }

  /**
   * Queues one message; a socket's messages are handled one at a time, in
   * order, so no two of its requests race past a per-peer cap. A peer with
   * too many requests waiting is closed.
   */
  handle(text: string): Promise<void> {
    if (this.#waiting >= MAX_WAITING_MESSAGES) {
      this.ctx.link.close("too many signaling requests waiting");
      return this.#queue;
    }
    this.#waiting++;
    this.#queue = this.#queue.then(async () => {
      this.#waiting--;
      if (!this.ctx.link.closed) await this.#handleNow(text);
    });
    return this.#queue;
  }

  async #handleNow(text: string): Promise<void> {
    let id = 0;
    try {
      if (text.length > MAX_SIGNAL_MESSAGE_BYTES) {
        throw new DomainError(
          "too_large",
          `Signaling messages are limited to ${MAX_SIGNAL_MESSAGE_BYTES} bytes`,
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new DomainError("bad_json", "The message is not valid JSON");
      }
      if (json && typeof json === "object" && typeof (json as { id?: unknown }).id === "number") {
        id = (json as { id: number }).id;
      }
      const req = parseData(SignalRequest, json);
      const data = await HANDLERS[req.method](this.ctx, req.data);
      this.#reply({ id, ok: true, data: data ?? {} });
    } catch (err) {
      const e = err instanceof DomainError ? err : null;
      if (!e) console.error(`lane ${this.ctx.room.laneId}: signaling failed`, err);
      this.#reply({
        id,
        ok: false,
        error: e
          ? { status: errorStatus(e), title: e.code, detail: e.message }
          : { status: 500, title: "internal", detail: "The SFU could not complete the request" },
      });
    }
  }

  close(): void {
    this.#unsubscribe();
    this.ctx.link.close("socket closed");
  }

  #reply(r: SignalResponse): void {
    this.send(JSON.stringify(r));
  }
}
