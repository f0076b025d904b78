/**
 * Watches a lane over WHEP with a plain RTCPeerConnection and hands every
 * decoded frame to `onFrame`. Reconnects by itself (fresh credentials each
 * time) when the lane's camera or the SFU goes away.
 */
import { untilBroken, untilLinkBroken } from "./peer_watch.ts";
import { type LinkState, ReconnectLoop } from "./reconnect_loop.ts";
import { negotiate } from "./whip_client.ts";
import { RTCPeerConnection, type RTCVideoFrame, RTCVideoSink } from "./wrtc.ts";

export interface WatchCredentials {
  whepUrl: string;
  token: string;
}

export interface WhepViewerOptions {
  credentials: () => Promise<WatchCredentials>;
  onFrame?: (frame: RTCVideoFrame, receivedAtMs: number) => void;
  onState?: (state: LinkState, detail?: string) => void;
  disconnectedGraceMs?: number;
  /** No frame for this long counts as a broken link (the camera went away): start over. */
  stallMs?: number;
  /**
   * Follow the link's event stream, when the SFU offers one, to start over
   * the moment the SFU ends the link. Default: true; false makes a plain
   * WHEP viewer that learns only from the connection and the frames.
   */
  linkEvents?: boolean;
}

export class WhepViewer {
  frames = 0;
  lastFrameAt = 0;
  #options: WhepViewerOptions;
  #loop: ReconnectLoop;

  constructor(options: WhepViewerOptions) {
    this.#options = options;
    this.#loop = new ReconnectLoop({
      connect: () => this.#connect(),
      onState: options.onState,
      maxBackoffMs: 4000,
    });
  }

  get connects(): number {
    return this.#loop.connects;
  }

  async close(): Promise<void> {
    await this.#loop.stop();
  }

  async #connect() {
    const creds = await this.#options.credentials();
    const pc = new RTCPeerConnection();
    let sink: InstanceType<typeof RTCVideoSink> | undefined;
    const release = () => {
      sink?.stop();
      sink = undefined;
    };
    try {
      pc.addTransceiver("video", { direction: "recvonly" });
      pc.ontrack = (e) => {
        release();
        sink = new RTCVideoSink(e.track);
        sink.onframe = ({ frame }: { frame: RTCVideoFrame }) => {
          const now = Date.now();
          this.frames++;
          this.lastFrameAt = now;
          this.#options.onFrame?.(frame, now);
        };
      };
      const link = await negotiate(pc, creds.whepUrl, creds.token);
      const graceMs = this.#options.disconnectedGraceMs ?? 2000;
      const broken = this.#options.linkEvents === false
        ? untilBroken(pc, graceMs)
        : untilLinkBroken(pc, link, creds.token, graceMs);
      // A plain WHEP viewer is not told its camera went away: a stall means start over.
      const since = Date.now();
      const stallMs = this.#options.stallMs ?? 4000;
      const stall = setInterval(() => {
        if (Date.now() - Math.max(this.lastFrameAt, since) > stallMs) broken.cancel();
      }, Math.min(500, stallMs / 4));
      return {
        ended: broken.done.finally(() => clearInterval(stall)),
        end: broken.cancel,
        close: async () => {
          clearInterval(stall);
          release();
          await link.close();
        },
      };
    } catch (err) {
      release();
      pc.close();
      throw err;
    }
  }
}
