/**
 * Every lane's replay buffer: one is made for each lane room as the room is
 * created (so a lane moved off a dead worker gets a fresh one), and found by
 * lane for the internal replay and clip routes.
 */
import { DomainError } from "../../core/problem.ts";
import type { LaneRoom } from "../lane_room.ts";
import type { LaneRooms } from "../lane_rooms.ts";
import { LaneReplayBuffer, type ReplayBufferOptions } from "./lane_buffer.ts";

export interface LaneReplaysOptions extends ReplayBufferOptions {
  /** The longest window a clip or replay may span, ms (REPLAY_MAX_CLIP_S). */
  maxClipMs: number;
  ffmpeg: string;
}

export class LaneReplays {
  #buffers = new Map<string, Promise<LaneReplayBuffer | null>>();

  constructor(readonly rooms: LaneRooms, readonly options: LaneReplaysOptions) {
    rooms.onCreate((room) => this.#attach(room));
  }

  /**
   * Benchmarks only (SFU_BENCH): turns a live lane's buffer off (`on` false)
   * or back on, to measure what it costs.
   */
  async setBuffering(laneId: string, on: boolean): Promise<void> {
    const room = this.rooms.get(laneId);
    if (!room) throw new DomainError("unknown_lane", `Cannot find lane "${laneId}" on this SFU`);
    const buffer = await this.#buffers.get(laneId);
    if (!on) return buffer?.close();
    if (!buffer || buffer.closed) this.#attach(room);
  }

  #attach(room: LaneRoom): void {
    const creating = LaneReplayBuffer.create(room, this.options).catch((err) => {
      if (!room.closed) console.warn(`lane ${room.laneId}: no replay buffer:`, err);
      return null;
    });
    this.#buffers.set(room.laneId, creating);
    room.subscribe((e) => {
      if (e.type === "close" && this.#buffers.get(room.laneId) === creating) {
        this.#buffers.delete(room.laneId);
      }
    });
  }

  /** The lane's buffer; `unknown_lane` when the lane has no room (nothing published or watched). */
  async get(laneId: string): Promise<LaneReplayBuffer> {
    const buffer = await this.#buffers.get(laneId);
    if (!buffer || buffer.closed || !this.rooms.get(laneId)) {
      throw new DomainError("unknown_lane", `Cannot find lane "${laneId}" on this SFU`);
    }
    return buffer;
  }

  /** The lanes' buffers that are running now (for /metrics). */
  async running(): Promise<LaneReplayBuffer[]> {
    const all = await Promise.all([...this.#buffers.values()]);
    return all.filter((b): b is LaneReplayBuffer => b !== null && !b.closed);
  }

  /** Refuses windows that run backwards or are longer than the longest clip. */
  checkWindow(fromMs: number, toMs: number): void {
    if (toMs <= fromMs) {
      throw new DomainError(
        "bad_request",
        `The window must end after it starts (${fromMs} to ${toMs})`,
      );
    }
    if (toMs - fromMs > this.options.maxClipMs) {
      throw new DomainError(
        "clip_too_long",
        `Windows are limited to ${this.options.maxClipMs / 1000} s, not ${
          (toMs - fromMs) / 1000
        } s`,
      );
    }
  }
}
