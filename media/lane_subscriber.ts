/**
 * Subscribes to a lane with mediasoup-client over the SFU's WebSocket
 * signaling, on top of libwebrtc (@roamhq/wrtc), and hands every decoded
 * frame to `onFrame`. This is how the inference sidecar watches lanes, the
 * way a LiveKit agent joins a room. Reconnects by itself.
 */
import { Device } from "mediasoup-client";
import type { types } from "mediasoup-client";
import { SignalingClient } from "./signaling_client.ts";
import wrtc from "@roamhq/wrtc";
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
  onState?: (state: "connecting" | "live" | "waiting" | "reconnecting" | "closed", detail?: string) => void;
}

export class LaneSubscriber {
  frames = 0;
  connects = 0;
  #options: LaneSubscriberOptions;
  #client?: SignalingClient;
  #transport?: types.Transport;
  #sinks = new Map<string, InstanceType<typeof RTCVideoSink>>();
  #closed = false;
  #wake?: () => void;

  constructor(options: LaneSubscriberOptions) {
    this.#options = options;
    this.#loop();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    this.#teardown();
    this.#options.onState?.("closed");
    await Promise.resolve();
  }

  async #loop(): Promise<void> {
    let backoff = 250;
    while (!this.#closed) {
      try {
        this.#options.onState?.("connecting");
        const ended = await this.#connect();
        this.connects++;
        backoff = 250;
        await ended;
        if (this.#closed) break;
        this.#options.onState?.("reconnecting");
      } catch (err) {
        if (this.#closed) break;
        this.#options.onState?.("reconnecting", (err as Error).message);
      }
      this.#teardown();
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 4000);
    }
  }

  /** Connects and starts consuming; resolves to a promise that settles when the session ends. */
  async #connect(): Promise<Promise<void>> {
    const client = await SignalingClient.open(await this.#options.signalingUrl());
    this.#client = client;
    const ended = new Promise<void>((resolve) => {
      this.#wake = resolve;
      client.onClose = () => resolve();
    });
    const device = new Device({ handlerName: "Chrome111" });
    await device.load({ routerRtpCapabilities: await client.request("getRouterRtpCapabilities") });
    const params = await client.request<types.TransportOptions>("createTransport", { direction: "recv" });
    const transport = device.createRecvTransport(params);
    this.#transport = transport;
    transport.on("connect", ({ dtlsParameters }, ok, fail) => {
      client.request("connectTransport", { transportId: transport.id, dtlsParameters }).then(() => ok(), fail);
    });
    transport.on("connectionstatechange", (state) => {
      if (state === "failed" || state === "closed") this.#wake?.();
    });
    const consumeAll = async () => {
      const { consumers } = await client.request<{ consumers: types.ConsumerOptions[] }>("consume", {
        transportId: transport.id,
        rtpCapabilities: device.rtpCapabilities,
      });
      for (const options of consumers) {
        const consumer = await transport.consume(options);
        if (consumer.kind === "video") this.#attach(consumer.id, consumer.track);
        await client.request("resumeConsumer", { consumerId: consumer.id });
      }
      this.#options.onState?.(consumers.length || this.#sinks.size ? "live" : "waiting");
    };
    client.onNotification = (n) => {
      if (n.notification === "newProducer") consumeAll().catch(() => this.#wake?.());
      else if (n.notification === "producerClosed") this.#options.onState?.("waiting");
      else if (n.notification === "laneClosed") this.#wake?.();
    };
    await consumeAll();
    return ended;
  }

  #attach(id: string, track: MediaStreamTrack): void {
    const sink = new RTCVideoSink(track);
    sink.onframe = ({ frame }: { frame: RTCVideoFrame }) => {
      this.frames++;
      this.#options.onFrame?.(frame, Date.now());
    };
    this.#sinks.set(id, sink);
  }

  #teardown(): void {
    for (const sink of this.#sinks.values()) sink.stop();
    this.#sinks.clear();
    this.#transport?.close();
    this.#transport = undefined;
    this.#client?.close();
    this.#client = undefined;
    this.#wake = undefined;
  }
}
