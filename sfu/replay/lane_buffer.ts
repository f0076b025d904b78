/**
 * One lane's replay buffer inside its room: a DirectTransport on the lane's
 * router, a consumer of the lane's camera video whose `rtp` events feed an
 * `RtpRing`, and a keyframe asked of the camera every `keyframeIntervalMs`
 * (when none came by itself), so any window can be cut or played from a
 * keyframe at most that long before its start.
 *
 * Why periodic keyframes rather than one at release: a shot's window starts
 * `REPLAY_PRE_MS` before the release, and a keyframe asked for when the
 * release event reaches the SFU lands ~150 ms after the release, too late for
 * the window's start. Periodic ones bound the lead-in of every window (shots,
 * staff custom clips), and let a viewer who joins a replay in progress start
 * decoding within one interval.
 *
 * Lifecycle: the buffer lives and dies with its room (the room closes when the
 * lane goes idle or its worker dies; the lane's new room gets a new buffer);
 * when the room puts a new camera producer on the air the buffer follows it.
 */
import type { Consumer, DirectTransport, Producer, RtpParameters } from "../mediasoup.ts";
import type { LaneRoom } from "../lane_room.ts";
import { ReplayPlayer } from "./replay_player.ts";
import type { ReplayCodec } from "./rtp.ts";
import { RtpRing } from "./rtp_ring.ts";

export interface ReplayBufferOptions {
  /** How much video each lane keeps, ms (REPLAY_BUFFER_S). */
  bufferMs: number;
  /** ... in at most this many bytes (REPLAY_BUFFER_MAX_MB). */
  maxBytes: number;
  /** A keyframe is asked for when none came for this long, ms (REPLAY_KEYFRAME_MS). */
  keyframeIntervalMs: number;
}

export class LaneReplayBuffer {
  readonly ring: RtpRing;
  /** Plays windows of this buffer into the lane's router. */
  readonly player: ReplayPlayer = new ReplayPlayer(this);
  #consumer: Consumer | null = null;
  /** The last camera consumer's RTP parameters (they describe the buffered video after it left). */
  #rtpParameters: RtpParameters | null = null;
  #codec: ReplayCodec | null = null;
  #lastKeyframeAt = 0;
  #timer: ReturnType<typeof setInterval>;
  #closed = false;
  #unsubscribe: () => void;
  /** Keyframes asked of the camera, for /metrics and tests. */
  keyframeRequests = 0;

  private constructor(
    readonly room: LaneRoom,
    readonly transport: DirectTransport,
    readonly options: ReplayBufferOptions,
  ) {
    this.ring = new RtpRing(options.bufferMs, options.maxBytes);
    this.#unsubscribe = room.subscribe((e) => {
      if (e.type === "close") this.close();
      else if (e.type === "newProducer" && e.producer.kind === "video") {
        this.#follow(e.producer).catch((err) => this.#warn("cannot follow the camera", err));
      }
    });
    this.#timer = setInterval(
      () => this.#keyframeDue(),
      Math.max(50, options.keyframeIntervalMs / 4),
    );
  }

  static async create(room: LaneRoom, options: ReplayBufferOptions): Promise<LaneReplayBuffer> {
    const transport = await room.router.createDirectTransport({
      maxMessageSize: 262_144,
      appData: { replay: true },
    });
    const buffer = new LaneReplayBuffer(room, transport, options);
    transport.observer.on("close", () => buffer.close());
    const live = room.producers.find((p) => p.kind === "video");
    if (live) await buffer.#follow(live);
    return buffer;
  }

  get laneId(): string {
    return this.room.laneId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The codec of the video buffered now (null before any camera). */
  get codec(): ReplayCodec | null {
    return this.#codec;
  }

  /** The camera consumer's RTP parameters (the codec the replay producer must announce). */
  get consumerRtpParameters(): RtpParameters | null {
    return this.#rtpParameters;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#unsubscribe();
    this.player.close();
    this.ring.clear();
    if (!this.transport.closed) this.transport.close();
  }

  async #follow(producer: Producer): Promise<void> {
    if (this.#closed || producer.closed) return;
    const consumer = await this.transport.consume({
      producerId: producer.id,
      rtpCapabilities: this.room.router.rtpCapabilities,
    });
    if (this.#closed) return consumer.close();
    this.#consumer?.close();
    this.#consumer = consumer;
    this.#rtpParameters = consumer.rtpParameters;
    const mime = consumer.rtpParameters.codecs[0].mimeType.toUpperCase();
    const codec: ReplayCodec = mime === "VIDEO/H264" ? "H264" : "VP8";
    this.#codec = codec;
    consumer.on("rtp", (packet: Uint8Array) => {
      const at = Date.now();
      this.ring.push(packet, codec, at);
      if (this.ring.newest?.keyframe) this.#lastKeyframeAt = at;
    });
    consumer.observer.on("close", () => {
      if (this.#consumer === consumer) this.#consumer = null;
    });
    this.#lastKeyframeAt = 0;
    this.#keyframeDue();
  }

  #keyframeDue(): void {
    const consumer = this.#consumer;
    if (!consumer || consumer.closed) return;
    if (Date.now() - this.#lastKeyframeAt < this.options.keyframeIntervalMs) return;
    // Ask again after a while if the camera does not answer at once.
    this.#lastKeyframeAt = Date.now() - this.options.keyframeIntervalMs / 2;
    this.keyframeRequests++;
    consumer.requestKeyFrame().catch(() => {});
  }

  #warn(what: string, err: unknown): void {
    if (!this.#closed) console.warn(`lane ${this.laneId}: replay buffer ${what}:`, err);
  }
}
