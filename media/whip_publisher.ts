/**
 * Publishes raw I420 frames to a lane over WHIP with a plain
 * RTCPeerConnection, and keeps doing so: when the connection fails or the
 * SFU restarts, it gets fresh credentials and publishes again by itself.
 */
import { untilBroken, untilConnected } from "./peer_watch.ts";
import { negotiate, type WhipSession } from "./whip_client.ts";
import { RTCPeerConnection, RTCVideoSource } from "./wrtc.ts";

export interface PublishCredentials {
  whipUrl: string;
  token: string;
}

export type PublisherState = "connecting" | "live" | "reconnecting" | "closed";

export interface WhipPublisherOptions {
  width: number;
  height: number;
  /** Fresh credentials for each (re)connection. */
  credentials: () => Promise<PublishCredentials>;
  onState?: (state: PublisherState, detail?: string) => void;
  /** How long a "disconnected" peer connection may last before we start over. */
  disconnectedGraceMs?: number;
}

export class WhipPublisher {
  readonly source = new RTCVideoSource();
  readonly track = this.source.createTrack();
  #options: WhipPublisherOptions;
  #pc?: RTCPeerConnection;
  #session?: WhipSession;
  #state: PublisherState = "connecting";
  #closed = false;
  #wake?: () => void;
  /** Successful (re)publishes. */
  connects = 0;

  constructor(options: WhipPublisherOptions) {
    this.#options = { disconnectedGraceMs: 2000, ...options };
    this.#loop();
  }

  get state(): PublisherState {
    return this.#state;
  }

  /** Hands one I420 frame to the encoder (dropped while not connected). */
  pushFrame(data: Uint8Array): void {
    if (this.#state !== "live") return;
    this.source.onFrame({ width: this.#options.width, height: this.#options.height, data });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#setState("closed");
    this.#wake?.();
    await this.#teardown();
    this.track.stop();
  }

  async #loop(): Promise<void> {
    let backoff = 250;
    while (!this.#closed) {
      try {
        const creds = await this.#options.credentials();
        const pc = new RTCPeerConnection();
        this.#pc = pc;
        pc.addTransceiver(this.track, { direction: "sendonly" });
        this.#session = await negotiate(pc, creds.whipUrl, creds.token);
        await untilConnected(pc);
        this.connects++;
        backoff = 250;
        this.#setState("live");
        const broken = untilBroken(pc, this.#options.disconnectedGraceMs!);
        this.#wake = broken.cancel;
        await broken.done;
        this.#wake = undefined;
        if (this.#closed) break;
        this.#setState("reconnecting", `connection ${pc.connectionState}`);
      } catch (err) {
        if (this.#closed) break;
        this.#setState("reconnecting", (err as Error).message);
      }
      await this.#teardown();
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  async #teardown(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session) await session.close();
    else this.#pc?.close();
    this.#pc = undefined;
  }

  #setState(state: PublisherState, detail?: string): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onState?.(state, detail);
  }
}
