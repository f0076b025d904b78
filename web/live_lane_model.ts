/**
 * What a spectator sees of a lane besides the video, kept live: the score
 * sheet of its bowling session, the AI's recent shots and what the AI says the
 * lane is doing now (its live `ai-event`s: bowler on the approach, ball
 * rolling, pins down, rack ready), from the lane's Server-Sent Events
 * (`GET /api/lanes/{id}/live`). The stream sends the
 * sheet as it stands on every (re)connection, so a reconnect resyncs it;
 * recent shots are fetched again on every connection and merged by id.
 * A dropped stream is reopened after a backoff (core/backoff.ts).
 *
 * Other features listen to the same stream: `listeners` get more event types
 * (a lane's `market` events, a bettor's `bet` and `wallet` events), `onOpen`
 * runs on every (re)connection so they can read what they missed, and
 * `ticket` adds a single-use live ticket to each connection's address (an
 * EventSource cannot send an access token) so the stream also carries the
 * holder's own events.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import type { ReceivedLaneEvent } from "../core/lane_events.ts";
import { LANE_EVENT_TYPES, type LaneLiveState, nextLanePhase } from "../core/lane_phase.ts";
import type { Api, LaneShot, LaneVideoFit } from "./api.ts";
import { backoffDelay, type BackoffOptions } from "../core/backoff.ts";
import type { Sheet as SessionSheet } from "../core/session_sheet.ts";
import { asScored, type ScoredShot } from "./shot_format.ts";

export type LiveStatus = "idle" | "connecting" | "open" | "retrying";

/** The part of `EventSource` the model uses. */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface LiveLaneModelOptions {
  laneId: string;
  api: Pick<Api, "liveUrl" | "laneShots" | "laneVideoFit">;
  /** Default: `new EventSource(url)`. */
  connect?: (url: string) => EventSourceLike;
  backoff?: BackoffOptions;
  /** How many recent shots to keep. Default: 8. */
  keepShots?: number;
  /** How long a shot seen live stays "fresh" (drawn over the video, fading out). Default: 8000 ms; the next approach ends it at once. */
  freshMs?: number;
  /** A live ticket for each connection (`?ticket=`), or null to connect without one. */
  ticket?: () => Promise<string | null>;
  /** More live event types, each called with the event's parsed JSON data. */
  listeners?: Record<string, (value: unknown) => void>;
  /** Called on every (re)connection. */
  onOpen?: () => void;
}

/** Live event names the model listens to (server/routes/live.ts). */
export const LIVE_EVENTS = ["session", "shot", "ai-event"] as const;

export class LiveLaneModel {
  readonly laneId: string;
  /** The open (or last closed) session's sheet; null when there is none. */
  readonly sheet = signal<SessionSheet | null>(null);
  /** Recent shots, newest first. */
  readonly shots = signal<LaneShot[]>([]);
  /** {@linkcode shots} as the sheet scores them (staff's corrections over the AI's read). */
  readonly scoredShots: ReadonlySignal<ScoredShot[]> = computed(() =>
    asScored(this.shots.value, this.sheet.value)
  );
  readonly latestShot: ReadonlySignal<ScoredShot | null> = computed(() =>
    this.scoredShots.value[0] ?? null
  );
  /** The shot that just arrived live, for {@linkcode LiveLaneModelOptions.freshMs}; else null. */
  readonly freshShot = signal<LaneShot | null>(null);
  /** How to draw lane points over the video; null when the lane is not calibrated. */
  readonly videoFit = signal<LaneVideoFit | null>(null);
  readonly status = signal<LiveStatus>("idle");
  /** What the lane is doing as the AI last told it; null before its first live event. */
  readonly aiState = signal<LaneLiveState<ReceivedLaneEvent> | null>(null);

  #api: LiveLaneModelOptions["api"];
  #connect: (url: string) => EventSourceLike;
  #backoff: BackoffOptions | undefined;
  #keepShots: number;
  #freshMs: number;
  #ticket: LiveLaneModelOptions["ticket"];
  #listeners: Record<string, (value: unknown) => void>;
  #onOpen: () => void;
  #source: EventSourceLike | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #freshTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  /** Counts #open() calls, so a ticket that arrives after a newer one is dropped. */
  #opening = 0;
  #running = false;
  #controller = new AbortController();

  constructor(options: LiveLaneModelOptions) {
    this.laneId = options.laneId;
    this.#api = options.api;
    this.#connect = options.connect ?? ((url) => new EventSource(url));
    this.#backoff = options.backoff;
    this.#keepShots = options.keepShots ?? 8;
    this.#freshMs = options.freshMs ?? 8_000;
    this.#ticket = options.ticket;
    this.#listeners = options.listeners ?? {};
    this.#onOpen = options.onOpen ?? (() => {});
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#controller = new AbortController();
    this.#open();
    void this.#api.laneVideoFit(this.laneId, this.#controller.signal)
      .then((fit) => void (this.videoFit.value = fit))
      .catch(() => {/* no overlay, the rest still works */});
  }

  stop(): void {
    this.#running = false;
    this.#opening++;
    this.#controller.abort();
    this.#source?.close();
    this.#source = null;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#freshTimer);
    this.status.value = "idle";
  }

  /** Opens a fresh connection now (who is signed in changed: a new ticket, other events). */
  reconnect(): void {
    if (!this.#running) return;
    this.#source?.close();
    this.#source = null;
    clearTimeout(this.#retryTimer);
    this.#attempt = 0;
    this.#open();
  }

  /** Applies one live event (`data` as sent: JSON). Unknown events and bad data are ignored. */
  receive(type: string, data: string): void {
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      return;
    }
    const listener = Object.hasOwn(this.#listeners, type) ? this.#listeners[type] : undefined;
    if (listener) {
      listener(value);
    } else if (type === "session") {
      if (value === null || isSheet(value)) this.sheet.value = value;
    } else if (type === "ai-event" && isLaneEvent(value) && value.laneId === this.laneId) {
      this.aiState.value = nextLanePhase(this.aiState.peek(), value);
      // The next ball is on its way: the last one's path no longer lies over the picture.
      if (value.type === "approach" || value.type === "release") this.freshShot.value = null;
    } else if (type === "shot" && isShot(value) && value.laneId === this.laneId) {
      this.mergeShots([value]);
      this.freshShot.value = value;
      clearTimeout(this.#freshTimer);
      this.#freshTimer = setTimeout(() => {
        if (this.freshShot.peek()?.id === value.id) this.freshShot.value = null;
      }, this.#freshMs);
    }
  }

  /** Adds shots to the recent list: one entry per id (the newer copy wins), newest first. */
  mergeShots(shots: readonly LaneShot[]): void {
    this.shots.value = mergeShots(this.shots.peek(), shots, this.#keepShots);
  }

  #open(): void {
    if (!this.#running) return;
    this.status.value = this.#attempt === 0 ? "connecting" : "retrying";
    const opening = ++this.#opening;
    const url = this.#api.liveUrl(this.laneId);
    if (!this.#ticket) return this.#listen(url);
    void this.#ticket().catch(() => null).then((ticket) => {
      // A newer #open() (a reconnect) or stop() meanwhile wins.
      if (!this.#running || opening !== this.#opening) return;
      this.#listen(ticket ? `${url}?ticket=${encodeURIComponent(ticket)}` : url);
    });
  }

  #listen(url: string): void {
    const source = this.#source = this.#connect(url);
    source.onopen = () => {
      if (this.#source !== source) return;
      this.#attempt = 0;
      this.status.value = "open";
      void this.#refreshShots();
      this.#onOpen();
    };
    source.onerror = () => {
      if (this.#source !== source) return;
      // Reconnect on our own schedule rather than the browser's (which gives up on HTTP errors).
      source.close();
      this.#source = null;
      this.#attempt++;
      this.status.value = "retrying";
      clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(() => this.#open(), backoffDelay(this.#attempt, this.#backoff));
    };
    for (const type of [...LIVE_EVENTS, ...Object.keys(this.#listeners)]) {
      source.addEventListener(type, (event) => {
        if (this.#source === source) this.receive(type, String(event.data));
      });
    }
  }

  async #refreshShots(): Promise<void> {
    try {
      const shots = await this.#api.laneShots(
        this.laneId,
        this.#keepShots,
        this.#controller.signal,
      );
      if (this.#running) this.mergeShots(shots);
    } catch {
      // The live stream still delivers new shots; the list fills in as they come.
    }
  }
}

/** `current` and `incoming` as one list, one entry per id, newest release first, at most `keep`. Pure. */
export function mergeShots(
  current: readonly LaneShot[],
  incoming: readonly LaneShot[],
  keep: number,
): LaneShot[] {
  const byId = new Map(current.map((s) => [s.id, s]));
  for (const shot of incoming) byId.set(shot.id, shot);
  return [...byId.values()]
    .sort((a, b) => b.releasedAtMs - a.releasedAtMs || b.createdAt.localeCompare(a.createdAt))
    .slice(0, keep);
}

function isSheet(v: unknown): v is SessionSheet {
  const s = v as SessionSheet;
  return typeof v === "object" && v !== null && typeof s.id === "string" &&
    Array.isArray(s.bowlers);
}

function isShot(v: unknown): v is LaneShot {
  const s = v as LaneShot;
  return typeof v === "object" && v !== null && typeof s.id === "string" &&
    typeof s.laneId === "string" && typeof s.releasedAtMs === "number" &&
    Number.isInteger(s.standing) && Array.isArray(s.path);
}

function isLaneEvent(v: unknown): v is ReceivedLaneEvent {
  const e = v as ReceivedLaneEvent;
  return typeof v === "object" && v !== null && typeof e.laneId === "string" &&
    (LANE_EVENT_TYPES as readonly string[]).includes(e.type) &&
    typeof e.captureTimeMs === "number";
}
