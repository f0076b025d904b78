/**
 * Server-sent events over `fetch` (rather than `EventSource`) so the stream
 * can carry the access token and renew it on a 401. Reconnects with backoff
 * until stopped; `Last-Event-ID` resumes where the last stream left off.
 */
import { signal } from "@preact/signals";
import { backoffDelay, type BackoffOptions } from "../../core/backoff.ts";

export interface ServerEvent {
  /** `event:` field; "message" when the server sent none. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Splits an SSE text stream into events. Feed it chunks as they arrive;
 * it returns the events each chunk completes. Pure apart from its buffer.
 */
export class EventStreamParser {
  #buffer = "";
  #event = "";
  #data: string[] = [];
  #id: string | undefined;

  push(chunk: string): ServerEvent[] {
    this.#buffer += chunk;
    const out: ServerEvent[] = [];
    let newline: number;
    while ((newline = this.#buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.#buffer.slice(0, newline);
      const width = this.#buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.#buffer = this.#buffer.slice(newline + width);
      if (line === "") {
        if (this.#data.length > 0) {
          out.push({ event: this.#event || "message", data: this.#data.join("\n"), id: this.#id });
        }
        this.#event = "";
        this.#data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") this.#event = value;
      else if (field === "data") this.#data.push(value);
      else if (field === "id") this.#id = value;
    }
    return out;
  }
}

export type StreamStatus = "idle" | "connecting" | "open" | "retrying";

export interface EventStreamOptions {
  url: string;
  fetch: typeof fetch;
  onEvent: (event: ServerEvent) => void;
  /** Called after every (re)connection, to fetch what the stream may have missed. */
  onOpen?: () => void;
  backoff?: BackoffOptions;
}

/** One SSE subscription: `start()` connects and keeps reconnecting, `stop()` ends it. */
export class EventStream {
  readonly status = signal<StreamStatus>("idle");
  #options: EventStreamOptions;
  #controller: AbortController | null = null;
  #lastId: string | undefined;

  constructor(options: EventStreamOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#controller) return;
    const controller = this.#controller = new AbortController();
    void this.#run(controller.signal);
  }

  stop(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.status.value = "idle";
  }

  async #run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      this.status.value = attempt === 0 ? "connecting" : "retrying";
      try {
        const headers: Record<string, string> = { accept: "text/event-stream" };
        if (this.#lastId) headers["last-event-id"] = this.#lastId;
        const response = await this.#options.fetch(this.#options.url, { headers, signal });
        if (!response.ok || !response.body) {
          await response.body?.cancel();
          throw new Error(`HTTP ${response.status}`);
        }
        this.status.value = "open";
        attempt = 0;
        this.#options.onOpen?.();
        const parser = new EventStreamParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        while (true) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) {
            if (event.id !== undefined) this.#lastId = event.id;
            this.#options.onEvent(event);
          }
        }
      } catch {
        if (signal.aborted) return;
      }
      if (signal.aborted) return;
      attempt++;
      this.status.value = "retrying";
      await sleep(backoffDelay(attempt, this.#options.backoff), signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
