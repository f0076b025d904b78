/**
 * Every lane with its camera health for the console, polled while shown,
 * and the staff actions on lanes (add, rename, enable, set source, rotate
 * the camera key). A change answers with the lane as changed, which
 * replaces the old copy at once.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { describeError } from "../api.ts";
import { Poller } from "./poller.ts";
import type { LanePatch, NewLane, StaffApi, StaffLane } from "./staff_api.ts";

export interface StaffLanesModelOptions {
  api: Pick<StaffApi, "listLanes" | "createLane" | "updateLane" | "rotateCameraKey">;
  /** Default: 5000 ms. */
  pollMs?: number;
  document?: Pick<Document, "hidden" | "addEventListener" | "removeEventListener">;
}

export class StaffLanesModel {
  /** The lanes, or null until the first answer. */
  readonly lanes = signal<StaffLane[] | null>(null);
  /** Why the last refresh failed; null after a success. */
  readonly error = signal<string | null>(null);
  readonly liveCount: ReadonlySignal<number> = computed(() =>
    this.lanes.value?.filter((lane) => lane.camera.live).length ?? 0
  );

  #api: StaffLanesModelOptions["api"];
  #poller: Poller;

  constructor(options: StaffLanesModelOptions) {
    this.#api = options.api;
    this.#poller = new Poller({
      intervalMs: options.pollMs ?? 5000,
      refresh: () => this.#refresh(),
      document: options.document,
    });
  }

  start(): void {
    this.#poller.start();
  }

  stop(): void {
    this.#poller.stop();
  }

  /** Keeps polling while at least one page holds it; call the result to let go. */
  retain(): () => void {
    return this.#poller.retain();
  }

  refresh(): Promise<void> {
    return this.#poller.now();
  }

  /** The lane with this id, as a signal (undefined while unknown). */
  lane(id: string): ReadonlySignal<StaffLane | undefined> {
    return computed(() => this.lanes.value?.find((lane) => lane.id === id));
  }

  async create(lane: NewLane): Promise<StaffLane> {
    const created = await this.#api.createLane(lane);
    this.#put(created);
    return created;
  }

  async update(id: string, patch: LanePatch): Promise<StaffLane> {
    const changed = await this.#api.updateLane(id, patch);
    this.#put(changed);
    return changed;
  }

  /** A new camera key for the lane: the only time anyone sees it. */
  async rotateCameraKey(id: string): Promise<string> {
    const { cameraKey } = await this.#api.rotateCameraKey(id);
    const lane = this.lanes.peek()?.find((l) => l.id === id);
    if (lane) this.#put({ ...lane, hasCameraKey: true });
    return cameraKey;
  }

  async #refresh(): Promise<void> {
    try {
      this.lanes.value = await this.#api.listLanes();
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  #put(lane: StaffLane): void {
    const list = this.lanes.peek() ?? [];
    const at = list.findIndex((l) => l.id === lane.id);
    this.lanes.value = at < 0
      ? [...list, lane].sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id))
      : list.map((l, i) => i === at ? lane : l);
  }
}
