/**
 * The list of lanes, kept fresh by polling `GET /api/lanes`. Polling pauses
 * while the page is hidden and resumes with an immediate refresh.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { type Api, describeError, type LaneSummary } from "./api.ts";

export interface LanesModelOptions {
  api: Pick<Api, "listLanes">;
  /**
   * Time between polls. Default: 4000 ms. The server reads every lane's game at
   * most once per LANE_GAMES_CACHE_MS, however many grids poll.
   */
  pollMs?: number;
  /** Document whose visibility pauses polling. Default: the page's, if any. */
  document?: Pick<Document, "hidden" | "addEventListener" | "removeEventListener">;
}

export class LanesModel {
  /** The lanes, or null until the first answer. */
  readonly lanes = signal<LaneSummary[] | null>(null);
  /** Why the last refresh failed; null after a success. */
  readonly error = signal<string | null>(null);
  readonly liveCount: ReadonlySignal<number> = computed(() =>
    this.lanes.value?.filter((lane) => lane.live).length ?? 0
  );

  #api: Pick<Api, "listLanes">;
  #pollMs: number;
  #document: LanesModelOptions["document"];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #running = false;

  constructor(options: LanesModelOptions) {
    this.#api = options.api;
    this.#pollMs = options.pollMs ?? 4000;
    this.#document = options.document ?? globalThis.document;
  }

  /** The lane with this id, as a signal (undefined while unknown). */
  lane(id: string): ReadonlySignal<LaneSummary | undefined> {
    return computed(() => this.lanes.value?.find((lane) => lane.id === id));
  }

  /**
   * Whether the list, once loaded, has no lane with this id (a mistyped or
   * removed lane gets a not-found page instead of a player that keeps
   * reconnecting). False while the list is not loaded.
   */
  unknown(id: string): boolean {
    const list = this.lanes.value;
    return list !== null && !list.some((lane) => lane.id === id);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#document?.addEventListener("visibilitychange", this.#onVisibility);
    void this.refresh();
  }

  stop(): void {
    this.#running = false;
    this.#document?.removeEventListener("visibilitychange", this.#onVisibility);
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
  }

  /** Fetches the lanes now; polling continues from here. */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    const controller = this.#inFlight = new AbortController();
    try {
      const lanes = await this.#api.listLanes(controller.signal);
      if (controller.signal.aborted) return;
      if (!sameLanes(this.lanes.peek(), lanes)) this.lanes.value = lanes;
      this.error.value = null;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error.value = describeError(error);
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.#running || this.#document?.hidden) return;
    this.#timer = setTimeout(() => void this.refresh(), this.#pollMs);
  }

  #onVisibility = (): void => {
    if (this.#document?.hidden) clearTimeout(this.#timer);
    else void this.refresh();
  };
}

/** Keeps the old array (and so the rendered cards) when nothing changed. */
function sameLanes(a: LaneSummary[] | null, b: LaneSummary[]): boolean {
  // A few hundred bytes a lane: comparing the text is cheaper than re-rendering the grid.
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}
