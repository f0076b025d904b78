/**
 * Client side of the WebSocket signaling protocol in `core/signaling.ts`:
 * numbered requests with promised responses, plus notifications.
 */
import type {
  SignalError,
  SignalMethod,
  SignalNotification,
  SignalResponse,
} from "../core/signaling.ts";
import type { types } from "mediasoup-client";

/** What each method answers with. */
export interface SignalResults {
  getRouterRtpCapabilities: types.RtpCapabilities;
  createTransport: {
    id: string;
    iceParameters: types.IceParameters;
    iceCandidates: types.IceCandidate[];
    dtlsParameters: types.DtlsParameters;
  };
  connectTransport: Record<string, never>;
  produce: { id: string };
  consume: {
    consumers: {
      id: string;
      producerId: string;
      kind: types.MediaKind;
      rtpParameters: types.RtpParameters;
    }[];
  };
  resumeConsumer: Record<string, never>;
  closeProducer: Record<string, never>;
}

/** A request the SFU answered with `ok: false`. */
export class SignalingError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;

  constructor(error: SignalError) {
    super(error.detail || error.title);
    this.name = "SignalingError";
    this.status = error.status;
    this.title = error.title;
    this.detail = error.detail || error.title;
  }
}

export interface SignalingOptions {
  /** Time allowed for the socket to open and for each answer. Default: 10000 ms. */
  timeoutMs?: number;
  /** Default: the global `WebSocket`. */
  WebSocket?: typeof WebSocket;
}

interface Pending {
  resolve(data: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class SignalingClient {
  /** Called for every notification from the SFU. */
  onNotification: (notification: SignalNotification) => void = () => {};
  /** Called once when the socket closes for any reason other than {@linkcode close}. */
  onClose: (reason: string) => void = () => {};

  #socket: WebSocket;
  #timeoutMs: number;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #closed = false;

  private constructor(socket: WebSocket, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onclose = (event) => this.#shutdown(event.reason || `Signaling closed (${event.code})`);
    socket.onerror = () => {}; // a close event always follows
  }

  /** Opens the socket; resolves once it is open. */
  static open(url: string, options: SignalingOptions = {}): Promise<SignalingClient> {
    const Socket = options.WebSocket ?? globalThis.WebSocket;
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const socket = new Socket(url);
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error("Signaling did not answer in time"));
      }, timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        resolve(new SignalingClient(socket, timeoutMs));
      };
      socket.onclose = (event) => {
        clearTimeout(timer);
        reject(new Error(event.reason || "Cannot reach the lane's video server"));
      };
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  request<M extends SignalMethod>(
    method: M,
    data: Record<string, unknown> = {},
  ): Promise<SignalResults[M]> {
    if (this.#closed) return Promise.reject(new Error("Signaling is closed"));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`No answer to "${method}"`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve: resolve as (data: unknown) => void, reject, timer });
      this.#socket.send(JSON.stringify({ id, method, data }));
    });
  }

  /** Closes the socket without calling {@linkcode onClose}. */
  close(): void {
    if (this.#closed) return;
    this.onClose = () => {};
    this.#shutdown("Signaling closed");
    this.#socket.close();
  }

  #onMessage(raw: unknown): void {
    if (typeof raw !== "string") return;
    let message: SignalResponse | SignalNotification;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if ("notification" in message) {
      this.onNotification(message);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.data);
    else pending.reject(new SignalingError(message.error));
  }

  #shutdown(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason));
    }
    this.#pending.clear();
    this.onClose(reason);
  }
}
