/**
 * Publishes raw I420 frames to a lane over WHIP with a plain
 * RTCPeerConnection, and keeps doing so: when the connection fails or the
 * SFU restarts, it gets fresh credentials and publishes again by itself.
 */
import { untilBroken, untilConnected } from "./peer_watch.ts";
import { type LinkState, ReconnectLoop } from "./reconnect_loop.ts";
import { negotiate } from "./whip_client.ts";
import { RTCPeerConnection, RTCVideoSource } from "./wrtc.ts";

export interface PublishCredentials {
  whipUrl: string;
  token: string;
}

export interface WhipPublisherOptions {
  width: number;
  height: number;
  /** Fresh credentials for each (re)connection. */
  credentials: () => Promise<PublishCredentials>;
  onState?: (state: LinkState, detail?: string) => void;
  /** How long a "disconnected" peer connection may last before we start over. */
  disconnectedGraceMs?: number;
}

export class WhipPublisher {
  readonly source = new RTCVideoSource();
  readonly track = this.source.createTrack();
  #options: WhipPublisherOptions;
  #loop: ReconnectLoop;

  constructor(options: WhipPublisherOptions) {
    this.#options = options;
    this.#loop = new ReconnectLoop({ connect: () => this.#connect(), onState: options.onState, maxBackoffMs: 5000 });
  }

  get state(): LinkState {
    return this.#loop.state;
  }

  /** Successful (re)publishes. */
  get connects(): number {
    return this.#loop.connects;
  }

  /** Hands one I420 frame to the encoder (dropped while not connected). */
  pushFrame(data: Uint8Array): void {
    if (this.#loop.state !== "live") return;
    this.source.onFrame({ width: this.#options.width, height: this.#options.height, data });
  }

  async close(): Promise<void> {
    await this.#loop.stop();
    this.track.stop();
  }

  async #connect() {
    const creds = await this.#options.credentials();
    const pc = new RTCPeerConnection();
    try {
      pc.addTransceiver(this.track, { direction: "sendonly" });
      const session = await negotiate(pc, creds.whipUrl, creds.token);
      try {
        await untilConnected(pc);
      } catch (err) {
        await session.close();
        throw err;
      }
      const broken = untilBroken(pc, this.#options.disconnectedGraceMs ?? 2000);
      return { ended: broken.done, end: broken.cancel, close: () => session.close() };
    } catch (err) {
      pc.close();
      throw err;
    }
  }
}
