/**
 * Watches a lane over WHEP with a plain RTCPeerConnection and hands every
 * decoded frame to `onFrame`. Reconnects by itself (fresh credentials each
 * time) when the lane's camera or the SFU goes away.
 */
import { untilBroken } from "./peer_watch.ts";
import { negotiate, type WhipSession } from "./whip_client.ts";
import { RTCPeerConnection, type RTCVideoFrame, RTCVideoSink } from "./wrtc.ts";

export interface WatchCredentials {
  whepUrl: string;
  token: string;
}

export interface WhepViewerOptions {
  credentials: () => Promise<WatchCredentials>;
  onFrame?: (frame: RTCVideoFrame, receivedAtMs: number) => void;
  onState?: (state: "connecting" | "live" | "reconnecting" | "closed", detail?: string) => void;
  disconnectedGraceMs?: number;
  /** No frame for this long counts as a broken session (the camera went away): start over. */
  stallMs?: number;
}

export class WhepViewer {
  frames = 0;
  connects = 0;
  lastFrameAt = 0;
  #options: WhepViewerOptions;
  #pc?: RTCPeerConnection;
  #sink?: InstanceType<typeof RTCVideoSink>;
  #session?: WhipSession;
  #closed = false;
  #wake?: () => void;

  constructor(options: WhepViewerOptions) {
    this.#options = { disconnectedGraceMs: 2000, stallMs: 4000, ...options };
    this.#loop();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    await this.#teardown();
    this.#options.onState?.("closed");
  }

  async #loop(): Promise<void> {
    let backoff = 250;
    while (!this.#closed) {
      try {
        this.#options.onState?.("connecting");
        const creds = await this.#options.credentials();
        const pc = new RTCPeerConnection();
        this.#pc = pc;
        pc.addTransceiver("video", { direction: "recvonly" });
        pc.ontrack = (e) => {
          this.#sink?.stop();
          const sink = new RTCVideoSink(e.track);
          sink.onframe = ({ frame }: { frame: RTCVideoFrame }) => {
            const now = Date.now();
            this.frames++;
            this.lastFrameAt = now;
            this.#options.onFrame?.(frame, now);
          };
          this.#sink = sink;
        };
        this.#session = await negotiate(pc, creds.whepUrl, creds.token);
        this.connects++;
        backoff = 250;
        this.#options.onState?.("live");
        const broken = untilBroken(pc, this.#options.disconnectedGraceMs!);
        this.#wake = broken.cancel;
        const since = Date.now();
        const stall = setInterval(() => {
          if (Date.now() - Math.max(this.lastFrameAt, since) > this.#options.stallMs!) broken.cancel();
        }, 500);
        await broken.done;
        clearInterval(stall);
        this.#wake = undefined;
        if (this.#closed) break;
        this.#options.onState?.("reconnecting", `connection ${pc.connectionState}`);
      } catch (err) {
        if (this.#closed) break;
        this.#options.onState?.("reconnecting", (err as Error).message);
      }
      await this.#teardown();
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 4000);
    }
  }

  async #teardown(): Promise<void> {
    this.#sink?.stop();
    this.#sink = undefined;
    const session = this.#session;
    this.#session = undefined;
    if (session) await session.close();
    else this.#pc?.close();
    this.#pc = undefined;
  }
}
