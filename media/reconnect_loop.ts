/**
 * Keeps one media connection up: connects, waits until it breaks, tears it
 * down, backs off and connects again, until stopped. The WHIP publisher, the
 * WHEP viewer and the mediasoup-client subscriber each supply `connect`.
 */
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
  firstBackoffMs?: number;
  maxBackoffMs?: number;
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
    const first = this.#options.firstBackoffMs ?? 250;
    let backoff = first;
    while (!this.#stopped) {
      let link: Link | undefined;
      try {
        link = await this.#options.connect();
        this.#link = link;
        if (!this.#stopped) {
          this.connects++;
          backoff = first;
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
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, this.#options.maxBackoffMs ?? 5000);
    }
  }

  #set(state: LinkState, detail?: string): void {
    if (this.state === state || (this.#stopped && state !== "closed")) return;
    this.state = state;
    this.#options.onState?.(state, detail);
  }
}
