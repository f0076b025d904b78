/**
 * The sidecar learns its own limit while it runs. It watches, over a sliding
 * window, the share of frames dropped on lanes in a shot (approach to
 * pinfall: the frames the accuracy depends on; an idle lane's thinned frames
 * do not count) and, when that share is over the threshold with enough such
 * frames in the window, lowers the capacity by one (never below 1): the
 * sidecar then hands the lease of its most recently taken lane back for
 * another sidecar to take. After a change it waits a whole window before it
 * judges again. Once the share has stayed under half the threshold (or no lane
 * was in a shot) for `quietMs`, it raises the capacity by one, up to its limit
 * (INFERENCE_MAX_LANES or the provider's default). Pure: the caller passes the
 * time.
 *
 * The threshold comes from `./lanecast eval --load` on a quiet 2-core machine
 * (docs/benchmarks.md "AI lanes per sidecar under load"): 1, 2 and 3 lanes met
 * every goal with 0.2 %, 1.6 % and 6.8 % of all frames dropped, 4 lanes missed
 * them with 35 %. 15 % lies between (busy-only shares were not measured).
 */

/** One lane's counters as the sidecar reads them (cumulative since the lane was added). */
export interface LaneCounters {
  laneId: string;
  received: number;
  dropped: number;
  /** In a shot now. */
  busy: boolean;
}

export interface CapacityControllerOptions {
  /** The most lanes it may take (INFERENCE_MAX_LANES or the provider's default). */
  limit: number;
  /** Why that is the limit, told until the controller changes the capacity. */
  limitReason?: string;
  /** Share of busy frames dropped over the window that lowers the capacity. */
  threshold?: number;
  windowMs?: number;
  /** Busy frames the window needs before the share is judged. */
  minFrames?: number;
  /** Time under half the threshold before the capacity is raised by one. */
  quietMs?: number;
}

export type CapacityChange = "lowered" | "raised" | null;

export const CAPACITY_DEFAULTS = {
  threshold: 0.15,
  windowMs: 30_000,
  minFrames: 300,
  quietMs: 15 * 60_000,
} as const;

interface Bucket {
  at: number;
  frames: number;
  dropped: number;
}

export class CapacityController {
  readonly limit: number;
  capacity: number;
  reason: string;
  readonly #o: Required<Omit<CapacityControllerOptions, "limitReason">>;
  readonly #last = new Map<string, { received: number; dropped: number }>();
  #window: Bucket[] = [];
  #judgeFrom: number | null = null;
  #quietSince: number | null = null;

  constructor(o: CapacityControllerOptions) {
    this.#o = { ...CAPACITY_DEFAULTS, ...o };
    this.limit = this.capacity = o.limit;
    this.reason = o.limitReason ?? "the configured limit";
  }

  /** Share of busy frames dropped in the window (null: too few to judge). */
  get busyDropShare(): number | null {
    const { frames, dropped } = this.#sum();
    return frames >= this.#o.minFrames ? dropped / frames : null;
  }

  /** Takes every held lane's counters at `now` (ms); tells whether the capacity changed. */
  observe(lanes: readonly LaneCounters[], now: number): CapacityChange {
    this.#judgeFrom ??= now + this.#o.windowMs;
    this.#quietSince ??= now;
    const bucket: Bucket = { at: now, frames: 0, dropped: 0 };
    const seen = new Set<string>();
    for (const lane of lanes) {
      seen.add(lane.laneId);
      const prev = this.#last.get(lane.laneId);
      this.#last.set(lane.laneId, { received: lane.received, dropped: lane.dropped });
      // A new lane (or one watched afresh, its counters restarted) starts from here.
      if (!prev || lane.received < prev.received || lane.dropped < prev.dropped) continue;
      if (!lane.busy) continue;
      bucket.frames += lane.received - prev.received;
      bucket.dropped += lane.dropped - prev.dropped;
    }
    for (const id of [...this.#last.keys()]) if (!seen.has(id)) this.#last.delete(id);
    if (bucket.frames > 0) this.#window.push(bucket);
    this.#window = this.#window.filter((b) => b.at > now - this.#o.windowMs);
    if (now < this.#judgeFrom) return null;

    const share = this.busyDropShare;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    if (share !== null && share > this.#o.threshold / 2) this.#quietSince = now;
    if (share !== null && share > this.#o.threshold && this.capacity > 1) {
      this.capacity--;
      this.reason = `lowered: ${pct(share)} of the frames in shots dropped over ${
        this.#o.windowMs / 1000
      } s (over ${pct(this.#o.threshold)})`;
      return this.#changed("lowered", now);
    }
    if (this.capacity < this.limit && now - this.#quietSince >= this.#o.quietMs) {
      this.capacity++;
      this.reason = `raised: under ${
        pct(this.#o.threshold / 2)
      } of the frames in shots dropped for ${Math.round(this.#o.quietMs / 60_000)} min`;
      return this.#changed("raised", now);
    }
    return null;
  }

  #changed(change: CapacityChange, now: number): CapacityChange {
    this.#window = [];
    this.#judgeFrom = now + this.#o.windowMs;
    this.#quietSince = now;
    return change;
  }

  #sum(): { frames: number; dropped: number } {
    let frames = 0, dropped = 0;
    for (const b of this.#window) (frames += b.frames), (dropped += b.dropped);
    return { frames, dropped };
  }
}
