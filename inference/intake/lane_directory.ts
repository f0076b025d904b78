/**
 * Which lanes the sidecar watches: the server's list, read at start,
 * long-polled for changes (lanes added, removed, going live or off the air)
 * and read again at least every `scanMs`. Every enabled lane gets a subscriber,
 * on the air or not (it waits for the camera, so no early frame is missed);
 * a lane that leaves the list (removed or disabled) is let go.
 */
import type { ServerClient, WatchLane } from "./server_client.ts";

export interface LaneDirectoryOptions {
  server: ServerClient;
  scanMs: number;
  /** A lane to start watching (or whose calibration changed). */
  onAdd: (lane: WatchLane) => void;
  onRemove: (laneId: string) => void;
  log?: (msg: string) => void;
}

export class LaneDirectory {
  readonly watched = new Map<string, WatchLane>();
  #o: LaneDirectoryOptions;
  #stopped = false;
  #running: Promise<void>;
  #abort = new AbortController();

  constructor(options: LaneDirectoryOptions) {
    this.#o = options;
    this.#running = this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#running;
  }

  /** Applies one listing: start new lanes, restart those whose calibration changed, let go of gone ones. */
  apply(lanes: WatchLane[]): void {
    const seen = new Set<string>();
    for (const lane of lanes) {
      seen.add(lane.id);
      const cur = this.watched.get(lane.id);
      this.watched.set(lane.id, lane);
      if (!cur || JSON.stringify(cur.calibration) !== JSON.stringify(lane.calibration)) {
        this.#o.onAdd(lane);
      }
    }
    for (const id of [...this.watched.keys()]) {
      if (seen.has(id)) continue;
      this.watched.delete(id);
      this.#o.onRemove(id);
    }
  }

  async #loop(): Promise<void> {
    let version: string | undefined;
    let lastScan = 0;
    while (!this.#stopped) {
      try {
        // Long-poll; a full rescan (no `since`) every scanMs.
        const full = Date.now() - lastScan >= this.#o.scanMs;
        const waitS = Math.max(1, Math.min(25, Math.floor(this.#o.scanMs / 1000)));
        const res = await Promise.race([
          this.#o.server.lanes(full ? undefined : version, full ? 0 : waitS),
          new Promise<null>((r) =>
            this.#abort.signal.addEventListener("abort", () => r(null), { once: true })
          ),
        ]);
        if (!res) break;
        if (full) lastScan = Date.now();
        version = res.version;
        this.apply(res.lanes);
        await this.#sleep(100);
      } catch (err) {
        this.#o.log?.(`cannot list lanes: ${(err as Error).message}`);
        await this.#sleep(1000);
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((r) => {
      const t = setTimeout(r, ms);
      this.#abort.signal.addEventListener("abort", () => (clearTimeout(t), r()), { once: true });
    });
  }
}
