/**
 * Publishes raw I420 frames to a lane over WHIP with a plain
 * RTCPeerConnection, and keeps doing so: when the connection fails or the
 * SFU restarts, it gets fresh credentials and publishes again by itself.
 */
import { connectWhip } from "./peer_watch.ts";
import { type LinkState, ReconnectLoop } from "./reconnect_loop.ts";
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
  /** The encoder's ceiling, kbit/s (what a camera's bitrate setting does); libwebrtc's own default when absent. */
  maxBitrateKbps?: number;
  onState?: (state: LinkState, detail?: string) => void;
  /** How long a "disconnected" peer connection may last before we start over. */
  disconnectedGraceMs?: number;
}

export class WhipPublisher {
  readonly source = new RTCVideoSource();
  readonly track = this.source.createTrack();
  #options: WhipPublisherOptions;
  #loop: ReconnectLoop;
  #pc: RTCPeerConnection | undefined;

  constructor(options: WhipPublisherOptions) {
    this.#options = options;
    this.#loop = new ReconnectLoop({
      connect: () => this.#connect(),
      onState: options.onState,
      maxBackoffMs: 5000,
    });
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

  /** The live connection's outbound video stats (bytes, frames, QP), or undefined while not connected. */
  async outboundStats(): Promise<Record<string, number | string> | undefined> {
    let out: Record<string, number | string> | undefined;
    (await this.#pc?.getStats())?.forEach((s) => {
      if (s.type === "outbound-rtp" && s.kind === "video") out = s;
    });
    return out;
  }

  async close(): Promise<void> {
    await this.#loop.stop();
    this.track.stop();
  }

  async #connect() {
    const creds = await this.#options.credentials();
    const pc = new RTCPeerConnection();
    try {
      const kbps = this.#options.maxBitrateKbps;
      pc.addTransceiver(this.track, {
        direction: "sendonly",
        ...(kbps ? { sendEncodings: [{ maxBitrate: kbps * 1000 }] } : {}),
      });
      const { link, broken } = await connectWhip(
        pc,
        creds.whipUrl,
        creds.token,
        this.#options.disconnectedGraceMs ?? 2000,
      );
      this.#pc = pc;
      const close = () => {
        if (this.#pc === pc) this.#pc = undefined;
        return link.close();
      };
      return { ended: broken.done, end: broken.cancel, close };
    } catch (err) {
      pc.close();
      throw err;
    }
  }
}
