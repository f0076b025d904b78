/**
 * The SFU's lanes: get-or-create serialised per lane so two joins cannot
 * create a lane twice, rooms placed on the least loaded worker, and rooms
 * forgotten when they close.
 */
import { LaneRoom, type LaneRoomOptions } from "./lane_room.ts";
import type { WorkerPool } from "./workers.ts";

/** Every room's options but its lane and worker, which the rooms choose. */
export interface LaneRoomsOptions extends Omit<LaneRoomOptions, "laneId" | "worker"> {
  pool: WorkerPool;
}

export class LaneRooms {
  #rooms = new Map<string, LaneRoom>();
  #creating = new Map<string, Promise<LaneRoom>>();
  #onCreate = new Set<(room: LaneRoom) => void>();
  /** Rooms ever created, for /metrics. */
  created = 0;

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

  async getOrCreate(laneId: string): Promise<LaneRoom> {
    const existing = this.get(laneId);
    if (existing) return existing;
    const pending = this.#creating.get(laneId);
    if (pending) return await pending;
    const creating = this.#create(laneId).finally(() => this.#creating.delete(laneId));
    this.#creating.set(laneId, creating);
    return await creating;
  }

  closeAll(reason: string): void {
    for (const room of this.all()) room.close(reason);
  }

  async #create(laneId: string): Promise<LaneRoom> {
    const { pool, ...rest } = this.options;
    const slot = await pool.acquire();
    let room: LaneRoom;
    try {
      room = await LaneRoom.create({ ...rest, laneId, worker: slot.worker });
    } catch (err) {
      pool.release(slot.worker);
      throw err;
    }
    this.#rooms.set(laneId, room);
    this.created++;
    room.subscribe((e) => {
      if (e.type !== "close") return;
      pool.release(room.worker);
      if (this.#rooms.get(laneId) === room) this.#rooms.delete(laneId);
    });
    for (const fn of this.#onCreate) fn(room);
    return room;
  }
}
