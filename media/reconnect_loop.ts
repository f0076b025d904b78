/**
 * Keeps one media connection up: connects, waits until it breaks, tears it
 * down and connects again, until stopped: the first retry at once (see
 * `retryDelay`), later ones after a doubling backoff until a connection stays
 * up for `stableMs`. The WHIP publisher (the simulator's camera), the WHEP
 * viewer and the mediasoup-client subscriber (the sidecar's intake) each
 * supply `connect`.
 */
import { retryDelay } from "../core/backoff.ts";

export type LinkState = "connecting" | "live" | "reconnecting" | "closed";

/** A connected attempt. */
export interface Link {
  /** Settles when the connection breaks (or `end()` is called). */
  ended: Promise<void>;
  /** Makes `ended` settle now. */
  end(): void;
  /** Releases everything the attempt holds. */
  close(): Promise<void> | void;
}

export interface ReconnectLoopOptions {
  /** Connects; on failure it releases what it made and throws. */
  connect: () => Promise<Link>;
  onState?: (state: LinkState, detail?: string) => void;
  /** The backoff before the second retry (the first goes at once), doubling. Default: 250 ms. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** A connection up this long counts as stable: its loss is retried at once again. Default: 3000 ms. */
  stableMs?: number;
  /** Waits between attempts (tests record the delays here). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

export class ReconnectLoop {
  state: LinkState = "connecting";
  /** Successful connections so far. */
  connects = 0;
  #options: ReconnectLoopOptions;
  #link?: Link;
  #stopped = false;
  #running: Promise<void>;

  constructor(options: ReconnectLoopOptions) {
    this.#options = options;
    this.#running = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#set("closed");
    this.#link?.end();
    await this.#running;
  }

  async #run(): Promise<void> {
    const {
      firstBackoffMs = 250,
      maxBackoffMs = 5000,
      stableMs = 3000,
      sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    } = this.#options;
    let attempt = 0;
    while (!this.#stopped) {
      let link: Link | undefined;
      let upSince: number | undefined;
      try {
        link = await this.#options.connect();
        this.#link = link;
        if (!this.#stopped) {
          this.connects++;
          upSince = Date.now();
          this.#set("live");
          await link.ended;
          this.#set("reconnecting", "connection lost");
        }
      } catch (err) {
        this.#set("reconnecting", (err as Error).message);
      }
      this.#link = undefined;
      await link?.close();
      if (this.#stopped) break;
      if (upSince !== undefined && Date.now() - upSince >= stableMs) attempt = 0;
      attempt++;
      await sleep(retryDelay(attempt, { baseMs: firstBackoffMs, maxMs: maxBackoffMs, jitter: 0 }));
    }
  }

  #set(state: LinkState, detail?: string): void {
    if (this.state === state || (this.#stopped && state !== "closed")) return;
    this.state = state;
    this.#options.onState?.(state, detail);
  }
}
