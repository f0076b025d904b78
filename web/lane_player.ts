/**
 * Watches one lane: owns the mediasoup-client connection and exposes what
 * the page shows as signals (status, stream, stats).
 *
 * Each connection attempt is a session: a fresh watch grant from the API,
 * a signaling socket, a device and one receive transport. When the socket
 * closes, the lane closes, or the transport stays disconnected past a grace
 * period, the session is torn down and a new one starts: the first retry at
 * once (a lane whose media worker died is already on another one), later ones
 * after a growing backoff until the player has been live for `stableMs`.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { Device, type types } from "mediasoup-client";
import type { ReplayNotice, SignalNotification } from "../core/signaling.ts";
import { type Api, ApiError, describeError } from "./api.ts";
import { type BackoffOptions, retryDelay } from "../core/backoff.ts";
import { type PlayerStats, readStats, type StatsSample } from "./player_stats.ts";
import { SignalingClient } from "../media/signaling_client.ts";

export type PlayerStatus = "idle" | "connecting" | "live" | "waiting" | "reconnecting" | "failed";

export const STATUS_LABELS: Readonly<Record<PlayerStatus, string>> = Object.freeze({
  idle: "Idle",
  connecting: "Connecting…",
  live: "Live",
  waiting: "Camera offline",
  reconnecting: "Reconnecting…",
  failed: "Unavailable",
});

export type DeviceLike = Pick<Device, "load" | "rtpCapabilities" | "createRecvTransport">;
export type SignalingLike = Pick<
  SignalingClient,
  "request" | "close" | "onClose" | "onNotification"
>;

export interface LanePlayerOptions {
  laneId: string;
  api: Pick<Api, "watchLane">;
  /** Default: a mediasoup-client `Device` that detects the browser's handler. */
  createDevice?: () => DeviceLike;
  /** Default: {@linkcode SignalingClient.open}. */
  openSignaling?: (url: string) => Promise<SignalingLike>;
  /** Extra time an instant replay stays up after its `durationMs`. Default: 600 ms. */
  replayTailMs?: number;
  /** Default: `new MediaStream(tracks)`. */
  createStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  backoff?: BackoffOptions;
  /** How long the transport may stay disconnected before reconnecting. Default: 2000 ms. */
  disconnectGraceMs?: number;
  /** Live this long and the next failure is retried at once again. Default: 10000 ms. */
  stableMs?: number;
  /** An attempt that shows neither video nor "camera offline" by then is retried. Default: 15000 ms. */
  connectTimeoutMs?: number;
}

interface Session {
  closed: boolean;
  signaling?: SignalingLike;
  device?: DeviceLike;
  transport?: types.Transport;
  consumers: Map<string, types.Consumer>;
  consuming: Promise<void>;
  /** The first consume finished; status can be decided. */
  ready: boolean;
  graceTimer?: ReturnType<typeof setTimeout>;
  /** The consumer of the lane's replay producer, once a replay was shown. */
  replayConsumer?: types.Consumer;
  replayTimer?: ReturnType<typeof setTimeout>;
  connectTimer?: ReturnType<typeof setTimeout>;
  statsSample?: StatsSample;
}

class Stale extends Error {}

export class LanePlayer {
  readonly laneId: string;
  readonly status = signal<PlayerStatus>("idle");
  readonly statusLabel: ReadonlySignal<string> = computed(() => STATUS_LABELS[this.status.value]);
  /** Why the last attempt failed (shown while reconnecting or failed). */
  readonly error = signal<string | null>(null);
  /** Received tracks; null while there are none. */
  readonly stream = signal<MediaStream | null>(null);
  /**
   * The instant replay playing now (the lane's replay producer, from the
   * signaling `replay` notice) for its `durationMs`; null while live only.
   */
  readonly replay = signal<{ stream: MediaStream; notice: ReplayNotice } | null>(null);
  /** Latest figures while {@linkcode collectStats} runs. */
  readonly stats = signal<PlayerStats | null>(null);
  /** Reconnect attempts since the connection was last stable. */
  readonly attempt = signal(0);

  #options: Required<Omit<LanePlayerOptions, "backoff">> & { backoff: BackoffOptions };
  #session: Session | undefined;
  #running = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #liveSince: number | undefined;
  #statsUsers = 0;
  #statsTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: LanePlayerOptions) {
    this.laneId = options.laneId;
    this.#options = {
      createDevice: () => new Device(),
      openSignaling: (url) => SignalingClient.open(url),
      createStream: (tracks) => new MediaStream(tracks),
      backoff: {},
      disconnectGraceMs: 2000,
      replayTailMs: 600,
      stableMs: 10_000,
      connectTimeoutMs: 15_000,
      ...options,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.attempt.value = 0;
    void this.#connect();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#retryTimer);
    this.#teardown();
    this.status.value = "idle";
    this.stream.value = null;
    this.stats.value = null;
    this.error.value = null;
  }

  /** Back to live before the replay ends (the viewer closed it). */
  endReplay(): void {
    clearTimeout(this.#session?.replayTimer);
    this.replay.value = null;
  }

  /** Starts over now, e.g. from a Retry button. */
  retry(): void {
    this.stop();
    this.start();
  }

  /** Samples stats every `intervalMs` until the returned function is called. */
  collectStats(intervalMs = 1000): () => void {
    if (this.#statsUsers++ === 0) {
      void this.#sampleStats();
      this.#statsTimer = setInterval(() => void this.#sampleStats(), intervalMs);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.#statsUsers === 0) {
        clearInterval(this.#statsTimer);
        this.stats.value = null;
      }
    };
  }

  async #connect(): Promise<void> {
    const session: Session = {
      closed: false,
      consumers: new Map(),
      consuming: Promise.resolve(),
      ready: false,
    };
    this.#session = session;
    this.status.value = this.attempt.peek() === 0 ? "connecting" : "reconnecting";
    session.connectTimer = setTimeout(
      () => this.#lost(session, "Timed out connecting"),
      this.#options.connectTimeoutMs,
    );
    const live = <T>(value: T): T => {
      if (session.closed) throw new Stale();
      return value;
    };
    try {
      const grant = live(await this.#options.api.watchLane(this.laneId));
      const signaling = await this.#options.openSignaling(grant.signalingUrl);
      if (session.closed) return signaling.close();
      session.signaling = signaling;
      signaling.onClose = (reason) => this.#lost(session, reason);
      signaling.onNotification = (message) => this.#onNotification(session, message);

      const routerRtpCapabilities = live(await signaling.request("getRouterRtpCapabilities"));
      const device = session.device = this.#options.createDevice();
      live(await device.load({ routerRtpCapabilities }));
      const params = live(await signaling.request("createTransport", { direction: "recv" }));
      const transport = session.transport = device.createRecvTransport(params);
      transport.on("connect", ({ dtlsParameters }, callback, errback) => {
        signaling.request("connectTransport", { transportId: transport.id, dtlsParameters })
          .then(() => callback(), errback);
      });
      transport.on("connectionstatechange", (state) => this.#onConnectionState(session, state));
      await this.#consume(session);
      session.ready = true;
      this.#updateStatus(session);
    } catch (error) {
      if (session.closed) return;
      if (error instanceof ApiError && !error.retryable) {
        this.#teardown();
        this.#running = false;
        this.status.value = "failed";
        this.stream.value = null;
        this.error.value = error.detail;
        return;
      }
      this.#lost(session, describeError(error));
    }
  }

  /** Consumes every producer not yet consumed; calls are queued, never concurrent. */
  #consume(session: Session): Promise<void> {
    const run = session.consuming.then(async () => {
      const { signaling, device, transport } = session;
      if (session.closed || !signaling || !device || !transport) return;
      const { consumers } = await signaling.request("consume", {
        transportId: transport.id,
        rtpCapabilities: device.rtpCapabilities,
      });
      const added: types.Consumer[] = [];
      for (const options of consumers) {
        const consumer = await transport.consume(options);
        if (session.closed) return consumer.close();
        session.consumers.set(options.producerId, consumer);
        consumer.on("trackended", () => this.#dropProducer(session, options.producerId));
        added.push(consumer);
      }
      this.#publishTracks(session);
      await Promise.all(
        added.map((consumer) => signaling.request("resumeConsumer", { consumerId: consumer.id })),
      );
      if (!session.closed && session.ready) this.#updateStatus(session);
    });
    session.consuming = run.catch(() => {});
    return run;
  }

  #onNotification(session: Session, message: SignalNotification): void {
    if (session.closed) return;
    switch (message.notification) {
      case "newProducer":
        this.#consume(session).catch((error) => this.#lost(session, describeError(error)));
        break;
      case "producerClosed":
        this.#dropProducer(session, message.data.producerId);
        break;
      case "laneClosed":
        this.#lost(session, message.data.reason || "The lane restarted");
        break;
      case "replay":
        this.#showReplay(session, message.data).catch(() => {
          // A replay that cannot be shown is skipped; live goes on.
        });
        break;
    }
  }

  /** Consumes the lane's replay producer (once) and shows it for the notice's duration. */
  async #showReplay(session: Session, notice: ReplayNotice): Promise<void> {
    if (session.replayConsumer?.producerId !== notice.producerId) {
      const run = session.consuming.then(async () => {
        const { signaling, device, transport } = session;
        if (session.closed || !signaling || !device || !transport) return;
        const { consumers } = await signaling.request("consume", {
          transportId: transport.id,
          rtpCapabilities: device.rtpCapabilities,
          replay: true,
        });
        for (const options of consumers) {
          const consumer = await transport.consume(options);
          if (session.closed) return consumer.close();
          session.replayConsumer?.close();
          session.replayConsumer = consumer;
          await signaling.request("resumeConsumer", { consumerId: consumer.id });
        }
      });
      session.consuming = run.catch(() => {});
      await run;
    }
    const consumer = session.replayConsumer;
    if (session.closed || !consumer || consumer.producerId !== notice.producerId) return;
    clearTimeout(session.replayTimer);
    this.replay.value = { stream: this.#options.createStream([consumer.track]), notice };
    session.replayTimer = setTimeout(() => {
      if (this.replay.peek()?.notice.replayId === notice.replayId) this.replay.value = null;
    }, notice.durationMs + this.#options.replayTailMs);
  }

  #dropProducer(session: Session, producerId: string): void {
    const consumer = session.consumers.get(producerId);
    if (!consumer || session.closed) return;
    session.consumers.delete(producerId);
    consumer.close();
    this.#publishTracks(session);
    this.#updateStatus(session);
  }

  #onConnectionState(session: Session, state: types.ConnectionState): void {
    if (session.closed) return;
    if (state === "connected") {
      clearTimeout(session.graceTimer);
      session.graceTimer = undefined;
      this.#updateStatus(session);
    } else if (state === "failed") {
      this.#lost(session, "Connection failed");
    } else if (state === "disconnected" && !session.graceTimer) {
      this.status.value = "reconnecting";
      this.error.value = "Connection interrupted";
      session.graceTimer = setTimeout(
        () => this.#lost(session, "Connection lost"),
        this.#options.disconnectGraceMs,
      );
    }
  }

  #publishTracks(session: Session): void {
    const tracks = [...session.consumers.values()].map((consumer) => consumer.track);
    this.stream.value = tracks.length ? this.#options.createStream(tracks) : null;
  }

  #updateStatus(session: Session): void {
    if (!session.ready || session.closed) return;
    if (session.consumers.size === 0) {
      clearTimeout(session.connectTimer);
      this.status.value = "waiting";
      this.stream.value = null;
    } else if (session.transport?.connectionState === "connected") {
      clearTimeout(session.connectTimer);
      if (this.status.peek() !== "live") this.#liveSince = Date.now();
      this.status.value = "live";
      this.error.value = null;
    }
  }

  /** Ends a session that broke and schedules the next attempt. */
  #lost(session: Session, reason: string): void {
    if (session.closed || session !== this.#session) return;
    this.#teardown();
    if (!this.#running) return;
    const wasStable = this.#liveSince !== undefined &&
      Date.now() - this.#liveSince >= this.#options.stableMs;
    this.#liveSince = undefined;
    const attempt = wasStable ? 1 : this.attempt.peek() + 1;
    this.attempt.value = attempt;
    this.error.value = reason;
    this.status.value = "reconnecting";
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(
      () => void this.#connect(),
      retryDelay(attempt, this.#options.backoff),
    );
  }

  #teardown(): void {
    const session = this.#session;
    this.#session = undefined;
    if (!session || session.closed) return;
    session.closed = true;
    clearTimeout(session.graceTimer);
    clearTimeout(session.connectTimer);
    clearTimeout(session.replayTimer);
    this.replay.value = null;
    session.replayConsumer?.close();
    session.signaling?.close();
    session.transport?.close();
    session.consumers.clear();
  }

  async #sampleStats(): Promise<void> {
    const session = this.#session;
    const transport = session?.transport;
    if (!session || !transport || transport.closed) {
      this.stats.value = null;
      return;
    }
    try {
      const report = await transport.getStats();
      if (session.closed || this.#statsUsers === 0) return;
      const videoTrackId = [...session.consumers.values()]
        .find((consumer) => consumer.kind === "video")?.track.id;
      const { stats, sample } = readStats(report.values(), session.statsSample, { videoTrackId });
      session.statsSample = sample;
      this.stats.value = stats;
    } catch {
      // the transport closed while sampling; the next session starts afresh
    }
  }
}
