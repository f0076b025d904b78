/**
 * Instant replays of one lane: a producer on the replay buffer's
 * DirectTransport into the lane's own router, so every viewer gets the replay
 * through the same fan-out as the live picture. A replay plays a window of
 * the buffer from the keyframe it starts at, packet by packet at the pace the
 * frames were captured (or half of it), re-stamped as one continuous stream
 * of the replay producer: its own SSRC, sequence numbers running on across
 * replays, timestamps from the camera's own (stretched at half speed).
 * Nothing is decoded or encoded. A window that ends after the newest
 * frame plays as the frames arrive. A new replay cuts short the one playing.
 */
import { Buffer } from "node:buffer";
import type { ReplayNotice } from "../../core/signaling.ts";
import type { Producer } from "../mediasoup.ts";
import type { LaneReplayBuffer } from "./lane_buffer.ts";
import { readRtpHeader, restamp } from "./rtp.ts";
import { type BufferedFrame, inOrder } from "./rtp_ring.ts";

export interface ReplayRequest {
  shotId: string;
  fromMs: number;
  toMs: number;
  speed: 1 | 0.5;
}

/** A replay waits this long for the camera's next frame before it stops short. */
export const FRAME_WAIT_MS = 3000;
const POLL_MS = 10;

export class ReplayPlayer {
  #producer: Producer | null = null;
  #ssrc = randomUint32();
  #seq = randomUint32() & 0xffff;
  #timestamp = randomUint32();
  #lastSentAt = 0;
  /** The replay playing now; a new one bumps it and the old loop stops. */
  #run = 0;
  /** Replays played and packets sent, for /metrics and benchmarks. */
  played = 0;
  packetsSent = 0;
  /** Whether a replay is playing now. */
  playing = false;

  constructor(readonly buffer: LaneReplayBuffer) {}

  /** Starts playing `req` and says what will play; `replay_window_gone` when the buffer cannot. */
  async play(req: ReplayRequest): Promise<ReplayNotice> {
    const { ring } = this.buffer;
    const first = ring.frames[ring.startIndex(req.fromMs, req.toMs)];
    const producer = await this.#producerFor();
    const run = ++this.#run;
    const notice: ReplayNotice = {
      replayId: crypto.randomUUID(),
      producerId: producer.id,
      shotId: req.shotId,
      fromMs: first.captureMs,
      toMs: req.toMs,
      speed: req.speed,
      durationMs: Math.round((req.toMs - first.captureMs) / req.speed),
    };
    this.buffer.room.announceReplay(producer, notice);
    this.played++;
    void this.#playFrom(first, req, producer, run).catch((err) => {
      if (!producer.closed) console.warn(`lane ${this.buffer.laneId}: replay stopped:`, err);
    });
    return notice;
  }

  close(): void {
    this.#run++;
    this.#producer?.close();
    this.#producer = null;
  }

  /** The replay producer, made on the first replay (again if the camera's codec changed). */
  async #producerFor(): Promise<Producer> {
    const params = this.buffer.consumerRtpParameters;
    if (!params) throw new Error(`Lane "${this.buffer.laneId}" has no camera video to replay`);
    const codec = params.codecs[0];
    const current = this.#producer;
    if (current && !current.closed && current.rtpParameters.codecs[0].mimeType === codec.mimeType) {
      return current;
    }
    current?.close();
    const producer = await this.buffer.transport.produce({
      kind: "video",
      rtpParameters: {
        codecs: [{ ...codec, rtcpFeedback: codec.rtcpFeedback ?? [] }],
        encodings: [{ ssrc: this.#ssrc }],
        headerExtensions: [],
        rtcp: { cname: `replay-${this.buffer.laneId}`, reducedSize: true },
      },
      appData: { replay: true },
    });
    this.#producer = producer;
    return producer;
  }

  async #playFrom(
    first: BufferedFrame,
    req: ReplayRequest,
    producer: Producer,
    run: number,
  ): Promise<void> {
    const payloadType = producer.rtpParameters.codecs[0].payloadType;
    // The stream's clock runs on from the last replay by the wall time between them.
    const base = this.#timestamp +
      Math.max(1, Math.round((performance.now() - this.#lastSentAt) * 90));
    const startedAt = performance.now();
    this.playing = true;
    try {
      let frame: BufferedFrame | null = first;
      let elapsed = -1;
      while (frame && frame.captureMs <= req.toMs) {
        const due = (frame.captureMs - first.captureMs) / req.speed;
        const wait = startedAt + due - performance.now();
        if (wait > 0) await sleep(wait);
        if (run !== this.#run || producer.closed) return;
        // RTP time from the camera's own clock (exact, even for frames captured within a ms);
        // capture times only across a change of camera inside the window. Never twice the same.
        const ticks = frame.ssrc === first.ssrc
          ? Math.round((frame.rtpTime - first.rtpTime) / req.speed)
          : Math.round(due * 90);
        elapsed = Math.max(elapsed + 1, ticks);
        const timestamp = (base + elapsed) >>> 0;
        for (const { data } of inOrder(frame)) {
          const h = readRtpHeader(data)!;
          const out = restamp(data, h, {
            payloadType,
            sequenceNumber: this.#seq,
            timestamp,
            ssrc: this.#ssrc,
          });
          producer.send(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
          this.#seq = (this.#seq + 1) & 0xffff;
          this.packetsSent++;
        }
        this.#timestamp = timestamp;
        this.#lastSentAt = performance.now();
        frame = await this.#nextFrame(frame, run);
      }
    } finally {
      if (run === this.#run) this.playing = false;
    }
  }

  /** The frame after `frame`, waiting for the camera while it has not arrived. */
  async #nextFrame(frame: BufferedFrame, run: number): Promise<BufferedFrame | null> {
    const giveUpAt = performance.now() + FRAME_WAIT_MS;
    for (;;) {
      const next = this.buffer.ring.next(frame);
      if (next || run !== this.#run || this.buffer.closed) return next;
      if (performance.now() > giveUpAt) return null;
      await sleep(POLL_MS);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function randomUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
