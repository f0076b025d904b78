/**
 * One lane = one mediasoup router on one worker. The room tracks the lane's
 * media links, keeps at most one producer per kind on the air, tells viewers
 * about producers coming and going, and closes itself when idle or when its
 * worker dies. A new publisher takes a lane that already has one only once
 * media from it arrives (its transport is connected and its first RTP packet
 * is in): until then it waits off the air and the old one stays on, so a
 * publisher that never connects cannot take a lane off the air; a camera that
 * reconnects takes over as soon as its first packet arrives.
 * A room that takes over a lane whose worker died expects the
 * lane's camera back shortly: viewers arriving meanwhile wait for it
 * (`untilLive`) instead of being turned away.
 */
import {
  LANE_MEDIA_CODECS,
  type Producer,
  type Router,
  type WebRtcTransport,
  type Worker,
} from "./mediasoup.ts";
import type { ReplayNotice } from "../core/signaling.ts";
import { MediaLink, type MediaLinkKind } from "./media_link.ts";
import { trackDtlsConnected } from "./resume.ts";
import { RouterSpread } from "./router_spread.ts";
import { watchTransport } from "./transport_watchdog.ts";
import type { Viewer, ViewerQuota } from "./viewer_quota.ts";

/** The reason a room and its media links close when their worker died. */
export const WORKER_DIED = "worker died";

export interface LaneRoomOptions {
  laneId: string;
  worker: Worker;
  listenIp: string;
  announcedIp: string;
  initialBitrate: number;
  /** How WHIP publishers send to this lane. */
  ingest: IngestOptions;
  idleMs: number;
  /** Caps on viewers' transports, shared by every lane. */
  quota: ViewerQuota;
  /** A transport not connected this long after it is needed is closed (with its link). */
  connectTimeoutMs: number;
  /** A connected transport whose peer is silent this long is closed (with its link). */
  disconnectTimeoutMs: number;
  /**
   * Viewer transports one router takes; later viewers go to a router on
   * another worker fed by `pipeToRouter` (router_spread.ts). Needs `workers`.
   */
  viewersPerWorker?: number;
  /** The host's live workers, least loaded first. */
  workers?: () => Worker[];
}

export interface IngestOptions {
  congestionControl: "loss" | "transport-cc";
  startKbps: number;
}

/** A waiting publisher that sends nothing for this long is closed. */
export const TAKEOVER_TIMEOUT_MS = 20_000;

export type RoomEvent =
  | { type: "newProducer"; producer: Producer }
  | { type: "producerClosed"; producerId: string }
  /** An instant replay starts on the lane's replay producer (sfu/replay/). */
  | { type: "replay"; producer: Producer; notice: ReplayNotice }
  /** `wasLive`: a camera was publishing until the room closed (its worker may have died under it). */
  | { type: "close"; reason: string; wasLive: boolean };

export class LaneRoom {
  readonly links = new Map<string, MediaLink>();
  #listeners = new Set<(e: RoomEvent) => void>();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #lastKeyFrameAt = new Map<string, number>();
  /** Producers waiting for their first packet before they take over, with their timeout. */
  #waiting = new Map<string, ReturnType<typeof setTimeout>>();
  /** A video producer was running when the worker died under the room. */
  #liveWhenWorkerDied = false;
  /** Until when a camera is expected back (epoch ms), after a move from a dead worker. */
  #publisherDueBy = 0;
  /** The worker outlives the room: this listener is removed when the room closes. */
  #onWorkerClose = () => this.close(WORKER_DIED);
  /** The producer instant replays play on (not a camera: never in `producers`). */
  #replayProducer: Producer | null = null;
  /** When the lane last had a producer start, for time-to-live figures. */
  liveSince: number | null = null;
  /** Routers on other workers for viewers past `viewersPerWorker`. */
  readonly spread: RouterSpread | undefined;

  private constructor(readonly options: LaneRoomOptions, readonly router: Router) {
    const { viewersPerWorker, workers } = options;
    this.spread = viewersPerWorker && workers
      ? new RouterSpread({
        main: router,
        mainWorker: options.worker,
        perWorker: viewersPerWorker,
        workers,
        producers: () => [...this.producers, ...(this.replayProducer ? [this.replayProducer] : [])],
      })
      : undefined;
  }

  static async create(options: LaneRoomOptions): Promise<LaneRoom> {
    const router = await options.worker.createRouter({ mediaCodecs: LANE_MEDIA_CODECS });
    const room = new LaneRoom(options, router);
    router.observer.on(
      "close",
      () => room.close(options.worker.closed ? WORKER_DIED : "router closed"),
    );
    options.worker.observer.on("close", room.#onWorkerClose);
    room.#armIdleTimer();
    return room;
  }

  get laneId(): string {
    return this.options.laneId;
  }

  get worker(): Worker {
    return this.options.worker;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The lane's producers on the air (at most one video and one audio); waiting newcomers are not. */
  get producers(): Producer[] {
    const out: Producer[] = [];
    for (const s of this.links.values()) {
      for (const p of s.producers.values()) if (!p.closed && !this.#waiting.has(p.id)) out.push(p);
    }
    return out;
  }

  get live(): boolean {
    return this.producers.some((p) => p.kind === "video" && !p.paused);
  }

  /** The lane's replay producer once a replay has been played (sfu/replay/replay_player.ts). */
  get replayProducer(): Producer | null {
    return this.#replayProducer && !this.#replayProducer.closed ? this.#replayProducer : null;
  }

  /** Tells the lane's viewers that a replay starts on `producer`. */
  announceReplay(producer: Producer, notice: ReplayNotice): void {
    this.#replayProducer = producer;
    this.#carry(producer);
    this.#emit({ type: "replay", producer, notice });
  }

  /** When the producer last sent a keyframe (epoch ms), if it has. */
  lastKeyFrameAt(producerId: string): number | undefined {
    return this.#lastKeyFrameAt.get(producerId);
  }

  /** A camera is expected on this lane within `ms` (it was live on a worker that died). */
  expectPublisher(ms: number): void {
    this.#publisherDueBy = Date.now() + ms;
  }

  /**
   * Whether the lane is live, waiting for its camera while one is expected
   * back (see `expectPublisher`); false at once when none is.
   */
  untilLive(): Promise<boolean> {
    const left = this.#publisherDueBy - Date.now();
    if (this.live || this.#closed || left <= 0) return Promise.resolve(this.live);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve(this.live);
      };
      const timer = setTimeout(done, left);
      const unsubscribe = this.subscribe((e) => {
        if (e.type === "close" || (e.type === "newProducer" && e.producer.kind === "video")) done();
      });
    });
  }

  subscribe(fn: (e: RoomEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Opens a link; a `viewer`'s transports count against the viewer caps. */
  openLink(kind: MediaLinkKind, subject: string, viewer?: Viewer): MediaLink {
    if (this.#closed) throw new Error(`Lane "${this.laneId}" is closed`);
    const link = new MediaLink(this.laneId, kind, subject, viewer);
    this.links.set(link.id, link);
    this.#disarmIdleTimer();
    link.onClose(() => {
      this.links.delete(link.id);
      this.#armIdleTimer();
    });
    if (kind === "pipe") this.#armIdleTimer();
    return link;
  }

  /**
   * A WebRTC transport for `link` (a viewer's takes a viewer slot first). It
   * must connect in time, and its peer must not go silent, or the link closes.
   */
  async createWebRtcTransport(
    link: MediaLink,
    { direction }: { direction?: "send" | "recv" } = {},
  ): Promise<WebRtcTransport> {
    const quota = link.viewer ? this.options.quota.reserve(this.laneId, link.viewer) : () => {};
    let release = quota;
    let transport: WebRtcTransport;
    try {
      // A viewer past what the lane's own router takes is served from another worker's router.
      const spread = link.viewer && direction !== "send" ? await this.spread?.take() : undefined;
      release = () => {
        quota();
        spread?.release();
      };
      transport = await (spread?.router ?? this.router).createWebRtcTransport({
        listenIps: [{ ip: this.options.listenIp, announcedIp: this.options.announcedIp }],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: this.options.initialBitrate,
        appData: { direction },
      });
    } catch (err) {
      release();
      throw err;
    }
    transport.observer.once("close", release);
    link.addTransport(transport);
    trackDtlsConnected(transport);
    watchTransport(transport, {
      connectTimeoutMs: this.options.connectTimeoutMs,
      disconnectTimeoutMs: this.options.disconnectTimeoutMs,
      // A signaling viewer's receive transport connects once there is something to receive.
      mayWait: () => link.kind === "ws" && direction === "recv" && !this.live,
      onExpire: (reason) => link.close(reason),
    });
    // A peer that never completes DTLS, or loses it, gives its link back.
    transport.on("dtlsstatechange", (state) => {
      if (state === "failed" || state === "closed") link.close(`dtls ${state}`);
    });
    return transport;
  }

  /**
   * Registers a new producer. On a lane with no producer of its kind it goes
   * on the air at once; otherwise it waits for its first packet and then
   * replaces the one on the air (see the module comment).
   */
  addProducer(link: MediaLink, producer: Producer): void {
    link.addProducer(producer);
    const onAir = this.producers.some((p) => p.kind === producer.kind && p.id !== producer.id);
    if (!onAir) return this.#putOnAir(link, producer);
    const timer = setTimeout(
      () => link.close("the new publisher sent no media"),
      TAKEOVER_TIMEOUT_MS,
    );
    this.#waiting.set(producer.id, timer);
    producer.observer.on("close", () => {
      clearTimeout(timer);
      this.#waiting.delete(producer.id);
    });
    const types = producer.kind === "video" ? ["rtp", "keyframe"] as const : ["rtp"] as const;
    producer.enableTraceEvent([...types]).catch(() => {});
    const onPacket = (t: { type: string; direction: string }) => {
      if (t.type !== "rtp" || t.direction !== "in" || !this.#waiting.has(producer.id)) return;
      producer.removeListener("trace", onPacket);
      clearTimeout(timer);
      this.#waiting.delete(producer.id);
      if (!link.closed && !this.#closed) this.#putOnAir(link, producer);
    };
    producer.on("trace", onPacket);
  }

  /** The producer goes on the air; the other links' producers of its kind are replaced. */
  #putOnAir(link: MediaLink, producer: Producer): void {
    for (const other of [...this.links.values()]) {
      if (other === link) continue;
      for (const old of other.producers.values()) {
        if (old.kind === producer.kind && !this.#waiting.has(old.id)) {
          // A camera has one publisher at a time: the newcomer wins.
          other.close("replaced by a new publisher");
          break;
        }
      }
    }
    if (producer.kind === "video") {
      this.liveSince = Date.now();
      // Keyframe times let new viewers be started without tripping the publisher's keyframe throttle.
      producer.enableTraceEvent(["keyframe"]).catch(() => {});
      producer.on("trace", (t) => {
        if (t.type === "keyframe" && t.direction === "in") {
          this.#lastKeyFrameAt.set(producer.id, Date.now());
        }
      });
      producer.observer.on("close", () => {
        this.#lastKeyFrameAt.delete(producer.id);
        // mediasoup marks the worker closed before it closes its routers' producers.
        if (this.worker.closed) this.#liveWhenWorkerDied = true;
      });
    } else {
      producer.enableTraceEvent([]).catch(() => {});
    }
    producer.observer.on(
      "close",
      () => this.#emit({ type: "producerClosed", producerId: producer.id }),
    );
    this.#carry(producer);
    this.#emit({ type: "newProducer", producer });
  }

  /** Pipes a producer to the lane's routers on other workers. */
  #carry(producer: Producer): void {
    this.spread?.carry(producer).catch((err) =>
      console.error(`lane ${this.laneId}: cannot pipe a producer to another worker`, err)
    );
  }

  close(reason: string): void {
    if (this.#closed) return;
    const wasLive = this.live || this.#liveWhenWorkerDied;
    this.#closed = true;
    this.#disarmIdleTimer();
    for (const s of [...this.links.values()]) s.close(reason);
    this.worker.observer.off("close", this.#onWorkerClose);
    this.spread?.close();
    if (!this.router.closed) this.router.close();
    this.#emit({ type: "close", reason, wasLive });
    this.#listeners.clear();
  }

  #emit(event: RoomEvent): void {
    for (const fn of [...this.#listeners]) {
      try {
        fn(event);
      } catch (err) {
        console.error(`lane ${this.laneId}: listener failed`, err);
      }
    }
  }

  #armIdleTimer(): void {
    if (this.#closed || [...this.links.values()].some((l) => l.kind !== "pipe")) return;
    this.#disarmIdleTimer();
    this.#idleTimer = setTimeout(() => this.close("idle"), this.options.idleMs);
  }

  #disarmIdleTimer(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
