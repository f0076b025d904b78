/**
 * A lane's rolling RTP buffer: the packets of the last `bufferMs` of video,
 * grouped into frames, each frame stamped with its capture time and marked
 * when it is a keyframe. Pure (no I/O): the lane's replay buffer feeds it the
 * packets of its DirectTransport consumer with their arrival times.
 *
 * Capture times: a frame's RTP timestamp (90 kHz, the encoder's capture
 * clock) mapped to the SFU's clock by the smallest arrival delay seen on the
 * stream so far — `capture = ts/90 + min(arrival − ts/90)` — so the frame that
 * crossed fastest defines the mapping, jitter only ever adds to the others.
 * On one host (the simulated lanes) this is the capture time the simulator
 * stamps into the pixels (sim/stamp.ts) and the sidecar reads (inference/
 * intake/capture_clock.ts) plus the encoder's smallest delay.
 */
import { DomainError } from "../../core/problem.ts";
import { isKeyframeStart, readRtpHeader, type ReplayCodec } from "./rtp.ts";

export interface BufferedPacket {
  /** Sequence number unwrapped across 16-bit turns. */
  seq: number;
  data: Uint8Array;
}

export interface BufferedFrame {
  codec: ReplayCodec;
  /** The stream (camera producer) it came in on. */
  ssrc: number;
  /** RTP timestamp unwrapped across 32-bit turns (one stream's clock). */
  rtpTime: number;
  captureMs: number;
  keyframe: boolean;
  packets: BufferedPacket[];
  bytes: number;
}

export interface RingWindow {
  fromMs: number | null;
  toMs: number | null;
  bytes: number;
  packets: number;
}

/** How many newest frames a late packet is looked for in. */
const REORDER_FRAMES = 8;

export class RtpRing {
  #frames: BufferedFrame[] = [];
  #head = 0;
  #bytes = 0;
  #packets = 0;
  #stream: {
    ssrc: number;
    codec: ReplayCodec;
    lastTs: number;
    tsBase: number;
    lastSeq: number;
    seqBase: number;
    offsetMs: number;
  } | null = null;
  /** Called with each frame once a newer frame starts (it is complete then). */
  onFrame?: (frame: BufferedFrame) => void;

  /**
   * `bufferMs` of video, but never more than `maxBytes` (a camera sending far
   * more than a lane needs gets a shorter buffer, not the SFU's memory).
   */
  constructor(readonly bufferMs: number, readonly maxBytes: number = Infinity) {}

  /** Takes one RTP packet of `codec`, arrived at `arrivalMs` (SFU clock). */
  push(packet: Uint8Array, codec: ReplayCodec, arrivalMs: number): void {
    const h = readRtpHeader(packet);
    if (!h || h.payloadEnd <= h.payloadOffset) return; // padding-only probes carry no media
    let s = this.#stream;
    if (!s || s.ssrc !== h.ssrc || s.codec !== codec) {
      // A new stream (a new producer): its own clock, mapped afresh.
      s = this.#stream = {
        ssrc: h.ssrc,
        codec,
        lastTs: h.timestamp,
        tsBase: 0,
        lastSeq: h.sequenceNumber,
        seqBase: 0,
        offsetMs: Infinity,
      };
    }
    const rtpTime = unwrap(h.timestamp, s, "lastTs", "tsBase", 2 ** 32);
    const seq = unwrap(h.sequenceNumber, s, "lastSeq", "seqBase", 2 ** 16);
    s.offsetMs = Math.min(s.offsetMs, arrivalMs - rtpTime / 90);
    const data = packet.slice();
    const payload = data.subarray(h.payloadOffset, h.payloadEnd);
    const frame = this.#frameOf(h.ssrc, rtpTime, codec, s.offsetMs);
    if (!frame) return; // a straggler of an evicted frame
    frame.packets.push({ seq, data });
    frame.bytes += data.length;
    if (isKeyframeStart(codec, payload)) frame.keyframe = true;
    this.#bytes += data.length;
    this.#packets++;
    this.#evict();
  }

  /** The frames held, oldest first. */
  get frames(): readonly BufferedFrame[] {
    return this.#frames.slice(this.#head);
  }

  get newest(): BufferedFrame | undefined {
    return this.#frames.length > this.#head ? this.#frames[this.#frames.length - 1] : undefined;
  }

  /** What the ring holds: capture times of its oldest and newest frames, bytes, packets. */
  window(): RingWindow {
    const oldest = this.#frames[this.#head];
    return {
      fromMs: oldest?.captureMs ?? null,
      toMs: this.newest?.captureMs ?? null,
      bytes: this.#bytes,
      packets: this.#packets,
    };
  }

  /**
   * Index (into `frames`) of the frame a window starting at `fromMs` plays
   * from: the last keyframe at or before `fromMs`, else the first keyframe
   * after it. Throws `replay_window_gone` when the buffer no longer holds `fromMs`.
   */
  startIndex(fromMs: number, toMs: number): number {
    const frames = this.frames;
    if (frames.length === 0 || fromMs < frames[0].captureMs) {
      throw new DomainError(
        "replay_window_gone",
        `The replay buffer no longer holds ${fromMs} (it holds ${
          frames[0]?.captureMs ?? "nothing"
        } onwards)`,
      );
    }
    let start = -1;
    for (let i = 0; i < frames.length && frames[i].captureMs <= fromMs; i++) {
      if (frames[i].keyframe) start = i;
    }
    if (start < 0) start = frames.findIndex((f) => f.keyframe && f.captureMs >= fromMs);
    if (start < 0 || frames[start].captureMs > toMs) {
      throw new DomainError(
        "replay_window_gone",
        `The replay buffer holds no keyframe to start ${fromMs} from yet`,
        { retryAfter: 1 },
      );
    }
    return start;
  }

  /**
   * The frames of a window already in the buffer: from the keyframe it
   * starts at (see `startIndex`) to the last frame captured by `toMs`.
   */
  cut(fromMs: number, toMs: number): BufferedFrame[] {
    const newest = this.newest;
    if (newest && newest.captureMs < toMs) {
      throw new DomainError(
        "replay_window_gone",
        `The replay buffer does not hold ${toMs} yet (it holds up to ${newest.captureMs})`,
        { retryAfter: Math.max(1, Math.ceil((toMs - newest.captureMs) / 1000)) },
      );
    }
    const start = this.startIndex(fromMs, toMs);
    return this.frames.slice(start).filter((f) => f.captureMs <= toMs);
  }

  /**
   * The frame after `frame` (null while none has arrived yet); when `frame`
   * has been evicted meanwhile, the oldest frame captured after it.
   */
  next(frame: BufferedFrame): BufferedFrame | null {
    for (let i = this.#frames.length - 1; i >= this.#head; i--) {
      if (this.#frames[i] === frame) return this.#frames[i + 1] ?? null;
    }
    return this.frames.find((f) => f.captureMs > frame.captureMs) ?? null;
  }

  clear(): void {
    this.#frames = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#packets = 0;
    this.#stream = null;
  }

  #frameOf(
    ssrc: number,
    rtpTime: number,
    codec: ReplayCodec,
    offsetMs: number,
  ): BufferedFrame | undefined {
    const n = this.#frames.length;
    for (let i = n - 1; i >= Math.max(this.#head, n - REORDER_FRAMES); i--) {
      const f = this.#frames[i];
      if (f.rtpTime === rtpTime && f.ssrc === ssrc) return f;
    }
    // Timestamps compare within one stream only: a new camera's clock starts anywhere.
    const newest = this.newest;
    if (newest && newest.ssrc === ssrc && rtpTime < newest.rtpTime) return undefined;
    if (newest) this.onFrame?.(newest);
    const frame: BufferedFrame = {
      codec,
      ssrc,
      rtpTime,
      captureMs: Math.round(rtpTime / 90 + offsetMs),
      keyframe: false,
      packets: [],
      bytes: 0,
    };
    this.#frames.push(frame);
    return frame;
  }

  #evict(): void {
    const newest = this.newest;
    if (!newest) return;
    while (this.#head < this.#frames.length - 1) {
      const f = this.#frames[this.#head];
      if (f.captureMs >= newest.captureMs - this.bufferMs && this.#bytes <= this.maxBytes) break;
      this.#bytes -= f.bytes;
      this.#packets -= f.packets.length;
      this.#head++;
    }
    // Compact now and then rather than shifting the array on every frame.
    if (this.#head > 1024 && this.#head * 2 > this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** A frame's packets in sequence order. */
export function inOrder(frame: BufferedFrame): BufferedPacket[] {
  return [...frame.packets].sort((a, b) => a.seq - b.seq);
}

/** Unwraps a counter that turns over at `modulo`, relative to the last value seen. */
function unwrap<K extends string, B extends string>(
  value: number,
  state: Record<K | B, number>,
  lastKey: K,
  baseKey: B,
  modulo: number,
): number {
  const last = state[lastKey];
  const diff = value - last;
  let base = state[baseKey];
  if (diff < -modulo / 2) base += modulo;
  else if (diff > modulo / 2) base -= modulo;
  // Only move forward: a late packet from before a turn keeps the old base.
  if ((diff < -modulo / 2) || (diff >= 0 && diff <= modulo / 2)) {
    state[lastKey] = value;
    state[baseKey] = base;
  }
  return value + base;
}
