/**
 * The SFU's lanes: get-or-create serialised per lane so two joins cannot
 * create a lane twice, rooms placed on the least loaded worker, and rooms
 * forgotten when they close. When a worker dies its lanes move at once to a
 * surviving worker (the pool does not wait for the replacement); a lane that
 * was on the air expects its camera back for `PUBLISHER_RETURN_MS`, so viewers
 * who reconnect first wait for it rather than being turned away.
 */
import { LaneRoom, type LaneRoomOptions } from "./lane_room.ts";
import type { WorkerPool } from "./workers.ts";

/** How long a moved lane's room holds arriving viewers for the camera to publish again. */
export const PUBLISHER_RETURN_MS = 4000;

/** Every room's options but its lane and worker, which the rooms choose. */
export interface LaneRoomsOptions extends Omit<LaneRoomOptions, "laneId" | "worker" | "workers"> {
  pool: WorkerPool;
}

export class LaneRooms {
  #rooms = new Map<string, LaneRoom>();
  #creating = new Map<string, Promise<LaneRoom>>();
  #onCreate = new Set<(room: LaneRoom) => void>();
  #closing = false;
  /** Rooms ever created, for /metrics. */
  created = 0;
  /** Lanes moved off a worker that died, for /metrics. */
  moved = 0;

  constructor(readonly options: LaneRoomsOptions) {}

  get(laneId: string): LaneRoom | undefined {
    const room = this.#rooms.get(laneId);
    return room && !room.closed ? room : undefined;
  }

  all(): LaneRoom[] {
    return [...this.#rooms.values()].filter((r) => !r.closed);
  }

  /** Called for every new room (the signaling and ingest layers hook in here). */
  onCreate(fn: (room: LaneRoom) => void): () => void {
    this.#onCreate.add(fn);
    return () => this.#onCreate.delete(fn);
  }

  getOrCreate(laneId: string): Promise<LaneRoom> {
    return this.#getOrCreate(laneId);
  }

  closeAll(reason: string): void {
    this.#closing = true;
    for (const room of this.all()) room.close(reason);
  }

  /** `init` prepares a room this call creates before anyone else sees it. */
  async #getOrCreate(laneId: string, init?: (room: LaneRoom) => void): Promise<LaneRoom> {
    const existing = this.get(laneId);
    if (existing) return existing;
    const pending = this.#creating.get(laneId);
    if (pending) return await pending;
    const creating = this.#create(laneId, init).finally(() => this.#creating.delete(laneId));
    this.#creating.set(laneId, creating);
    return await creating;
  }

  /**
   * Re-creates a lane whose worker died on a live worker, now. Tried again
   * when the chosen worker dies too before the room is made (a sibling killed
   * with it).
   */
  async #move(laneId: string, wasLive: boolean): Promise<void> {
    const expect = (room: LaneRoom) => wasLive && room.expectPublisher(PUBLISHER_RETURN_MS);
    for (let tries = 1; !this.#closing; tries++) {
      try {
        const room = await this.#getOrCreate(laneId, expect);
        if (!room.live) expect(room); // a room a client created meanwhile
        this.moved++;
        return;
      } catch (err) {
        if (tries >= 3) {
          console.error(`lane ${laneId}: cannot move it off its dead worker`, err);
          return;
        }
      }
    }
  }

  async #create(laneId: string, init?: (room: LaneRoom) => void): Promise<LaneRoom> {
    const { pool, ...rest } = this.options;
    const slot = await pool.acquire();
    let room: LaneRoom;
    try {
      room = await LaneRoom.create({
        ...rest,
        laneId,
        worker: slot.worker,
        workers: () => [...pool.alive].sort((a, b) => a.load - b.load).map((s) => s.worker),
      });
    } catch (err) {
      pool.release(slot.worker);
      throw err;
    }
    init?.(room);
    this.#rooms.set(laneId, room);
    this.created++;
    room.subscribe((e) => {
      if (e.type !== "close") return;
      pool.release(room.worker);
      if (this.#rooms.get(laneId) === room) this.#rooms.delete(laneId);
      if (room.worker.closed && !this.#closing) void this.#move(laneId, e.wasLive);
    });
    for (const fn of this.#onCreate) fn(room);
    return room;
  }
}
