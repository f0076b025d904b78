/**
 * One lane's video into the sidecar: a raw subscriber through the SFU
 * (reconnecting by itself, fresh token each time), capture times on each
 * frame, and a newest-only slot the analyzer takes from.
 */
import { LaneSubscriber } from "../../media/lane_subscriber.ts";
import type { RTCVideoFrame } from "../../media/wrtc.ts";
import type { Frame } from "../models/types.ts";
import { CaptureClock } from "./capture_clock.ts";
import { FrameSlot } from "./frame_slot.ts";

export interface LaneIntakeOptions {
  laneId: string;
  signalingUrl: () => Promise<string>;
  defaultDelayMs?: number;
  /** Called when a frame arrives (to wake the analyzer). */
  onFrame?: () => void;
  log?: (msg: string) => void;
}

export class LaneIntake {
  readonly laneId: string;
  readonly slot = new FrameSlot();
  readonly clock: CaptureClock;
  state = "connecting";
  lastFrameAt = 0;
  #seq = 0;
  #sub: LaneSubscriber;

  constructor(o: LaneIntakeOptions) {
    this.laneId = o.laneId;
    this.clock = new CaptureClock(o.defaultDelayMs);
    this.#sub = new LaneSubscriber({
      signalingUrl: o.signalingUrl,
      onState: (state, detail) => {
        this.state = state;
        o.log?.(`lane ${o.laneId}: ${state}${detail ? ` (${detail})` : ""}`);
      },
      onFrame: (f: RTCVideoFrame, at: number) => {
        // The sink reuses its buffer: keep a copy.
        const data = new Uint8Array(f.data);
        const { ms } = this.clock.captureTime(data, f.width, f.height, at);
        const frame: Frame = {
          laneId: this.laneId,
          width: f.width,
          height: f.height,
          data,
          captureTimeMs: ms,
          seq: this.#seq++,
        };
        this.lastFrameAt = at;
        this.slot.put(frame);
        o.onFrame?.();
      },
    });
  }

  /** Successful connections so far. */
  get connects(): number {
    return this.#sub.connects;
  }

  async close(): Promise<void> {
    await this.#sub.close();
  }
}
