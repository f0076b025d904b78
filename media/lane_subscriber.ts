/**
 * Subscribes to a lane with mediasoup-client over the SFU's WebSocket
 * signaling, on top of libwebrtc (@roamhq/wrtc), and hands every decoded
 * frame to `onFrame`. This is how the inference sidecar watches lanes, the
 * way a LiveKit agent joins a room. Reconnects by itself.
 */
import { Device } from "mediasoup-client";
import wrtc from "@roamhq/wrtc";
import { type LinkState, ReconnectLoop } from "./reconnect_loop.ts";
import { SignalingClient } from "./signaling_client.ts";
import { type RTCVideoFrame, RTCVideoSink } from "./wrtc.ts";

// mediasoup-client's Chrome111 handler looks for the standard globals.
const g = globalThis as Record<string, unknown>;
for (const name of ["RTCPeerConnection", "RTCSessionDescription", "RTCIceCandidate", "MediaStream", "MediaStreamTrack", "RTCRtpSender", "RTCRtpReceiver", "RTCRtpTransceiver"]) {
  if (g[name] === undefined && (wrtc as Record<string, unknown>)[name] !== undefined) g[name] = (wrtc as Record<string, unknown>)[name];
}

export interface LaneSubscriberOptions {
  /** Fresh signaling URL (with token) for each (re)connection. */
  signalingUrl: () => Promise<string>;
  onFrame?: (frame: RTCVideoFrame, receivedAtMs: number) => void;
  /** Connection state, plus "waiting" while connected to a lane with no camera. */
  onState?: (state: LinkState | "waiting", detail?: string) => void;
}

export class LaneSubscriber {
  frames = 0;
  #options: LaneSubscriberOptions;
  #loop: ReconnectLoop;
  /** Whether the current connection consumes the lane's video. */
  #watching = false;

  constructor(options: LaneSubscriberOptions) {
    this.#options = options;
    this.#loop = new ReconnectLoop({
      connect: () => this.#connect(),
      onState: (state, detail) => options.onState?.(state === "live" && !this.#watching ? "waiting" : state, detail),
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
    const client = await SignalingClient.open(await this.#options.signalingUrl());
    const sinks = new Map<string, InstanceType<typeof RTCVideoSink>>();
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    client.onClose = () => end();
    const close = () => {
      this.#watching = false;
      for (const sink of sinks.values()) sink.stop();
      sinks.clear();
      transport?.close();
      client.close();
    };
    let transport: ReturnType<Device["createRecvTransport"]> | undefined;
    try {
      const device = new Device({ handlerName: "Chrome111" });
      await device.load({ routerRtpCapabilities: await client.request("getRouterRtpCapabilities") });
      const recv = device.createRecvTransport(await client.request("createTransport", { direction: "recv" }));
      transport = recv;
      recv.on("connect", ({ dtlsParameters }, ok, fail) => {
        client.request("connectTransport", { transportId: recv.id, dtlsParameters }).then(() => ok(), fail);
      });
      recv.on("connectionstatechange", (state) => {
        if (state === "failed" || state === "closed") end();
      });
      const consumeAll = async () => {
        const { consumers } = await client.request("consume", { transportId: recv.id, rtpCapabilities: device.rtpCapabilities });
        for (const options of consumers) {
          const consumer = await recv.consume(options);
          if (consumer.kind === "video") {
            const sink = new RTCVideoSink(consumer.track);
            sink.onframe = ({ frame }: { frame: RTCVideoFrame }) => {
              this.frames++;
              this.#options.onFrame?.(frame, Date.now());
            };
            sinks.set(consumer.id, sink);
          }
          await client.request("resumeConsumer", { consumerId: consumer.id });
        }
        this.#watching = sinks.size > 0;
      };
      client.onNotification = (n) => {
        if (n.notification === "newProducer") {
          consumeAll().then(() => this.#watching && this.#options.onState?.("live"), end);
        } else if (n.notification === "producerClosed") {
          for (const sink of sinks.values()) sink.stop();
          sinks.clear();
          this.#watching = false;
          this.#options.onState?.("waiting");
        }
        else if (n.notification === "laneClosed") end();
      };
      await consumeAll();
      return { ended, end, close };
    } catch (err) {
      close();
      throw err;
    }
  }
}
