/**
 * Runs a refresh now and then every `intervalMs` while started; pauses while
 * the page is hidden and refreshes at once when it shows again.
 */
export interface PollerOptions {
  intervalMs: number;
  refresh: () => Promise<void>;
  /** Document whose visibility pauses polling. Default: the page's, if any. */
  document?: Pick<Document, "hidden" | "addEventListener" | "removeEventListener">;
}

export class Poller {
  #options: PollerOptions;
  #document: PollerOptions["document"];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #users = 0;

  constructor(options: PollerOptions) {
    this.#options = options;
    this.#document = options.document ?? globalThis.document;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#document?.addEventListener("visibilitychange", this.#onVisibility);
    void this.now();
  }

  stop(): void {
    this.#running = false;
    this.#document?.removeEventListener("visibilitychange", this.#onVisibility);
    clearTimeout(this.#timer);
  }

  /** Keeps polling while at least one view holds it; call the result to let go. */
  retain(): () => void {
    if (this.#users++ === 0) this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#users === 0) this.stop();
    };
  }

  /** Refreshes now; the next poll follows a full interval later. */
  async now(): Promise<void> {
    clearTimeout(this.#timer);
    try {
      await this.#options.refresh();
    } finally {
      clearTimeout(this.#timer);
      if (this.#running && !this.#document?.hidden) {
        this.#timer = setTimeout(() => void this.now(), this.#options.intervalMs);
      }
    }
  }

  #onVisibility = (): void => {
    if (this.#document?.hidden) clearTimeout(this.#timer);
    else if (this.#running) void this.now();
  };
}
