/**
 * The inference sidecars for the console (`GET /api/staff/inference`): each
 * live sidecar in one line — provider, the lanes it holds against its
 * capacity (and its limit and why, when it has learned a lower one), frames analysed and the share dropped or thinned — and the lanes
 * nobody watches. Polled while shown.
 */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import { Poller } from "./poller.ts";

interface LaneFrames {
  received?: number;
  analysed?: number;
  dropped?: number;
  thinned?: number;
}

/** The server's overview (server/routes/inference_leases.ts). */
export interface InferenceOverview {
  sidecars: {
    id: string;
    capacity: number;
    live: boolean;
    seenAt: string;
    lanes: string[];
    /** The sidecar's own GET /status, as it last sent it. */
    status: {
      provider?: string;
      behind?: boolean;
      /** The most it may take, and why its capacity is lower (inference/capacity_controller.ts). */
      capacityLimit?: number;
      capacityReason?: string;
      lanes?: Record<string, LaneFrames>;
    };
  }[];
  unwatched: string[];
}

export interface SidecarLine {
  id: string;
  live: boolean;
  text: string;
}

const pct = (part: number, whole: number) =>
  whole ? `${Math.round((part / whole) * 100)} %` : "0 %";

/** One line per sidecar (live ones first) and the lanes nobody watches. */
export function sidecarLines(o: InferenceOverview): { lines: SidecarLine[]; unwatched: string } {
  const sorted = [...o.sidecars].sort((a, b) => Number(b.live) - Number(a.live));
  const lines = sorted.map((s) => {
    if (!s.live) {
      return { id: s.id, live: false, text: `gone (last seen ${s.seenAt.slice(11, 19)} UTC)` };
    }
    const frames = Object.values(s.status.lanes ?? {});
    const sum = (k: keyof LaneFrames) => frames.reduce((n, f) => n + (f[k] ?? 0), 0);
    const held = s.lanes.length ? `lanes ${s.lanes.join(", ")}` : "no lanes";
    const { capacityLimit: limit, capacityReason: why } = s.status;
    const learned = limit !== undefined && limit !== s.capacity
      ? `; limit ${limit}${why ? `, ${why}` : ""}`
      : "";
    const text = [
      s.status.provider ?? "cpu",
      `${held} (up to ${s.capacity} on the air${learned})`,
      `${sum("analysed").toLocaleString("en")} frames analysed`,
      `${pct(sum("dropped"), sum("received"))} dropped`,
      `${pct(sum("thinned"), sum("received"))} thinned${s.status.behind ? " (behind)" : ""}`,
    ].join(" · ");
    return { id: s.id, live: true, text };
  });
  return { lines, unwatched: o.unwatched.join(", ") };
}

export class AiSidecarsModel {
  readonly overview = signal<InferenceOverview | null>(null);
  readonly error = signal<string | null>(null);
  #poller: Poller;

  constructor(load: () => Promise<InferenceOverview>, pollMs = 5000) {
    this.#poller = new Poller({
      intervalMs: pollMs,
      refresh: async () => {
        try {
          this.overview.value = await load();
          this.error.value = null;
        } catch (err) {
          this.error.value = describeError(err);
        }
      },
    });
  }

  /** Keeps polling while a page holds it; call the result to let go. */
  retain(): () => void {
    return this.#poller.retain();
  }
}
