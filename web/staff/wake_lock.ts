/**
 * Keeps the screen on while a phone is a lane camera (a sleeping phone stops
 * its camera). Uses the Screen Wake Lock API where the browser has it, takes
 * the lock again when the page comes back to the front (browsers drop it when
 * it is hidden), and does nothing where there is no such API.
 */
import { signal } from "@preact/signals";

/** What the camera publisher needs of a wake lock. */
export interface WakeLockHolder {
  hold(): void;
  release(): void;
}

interface Sentinel {
  release(): Promise<void>;
  addEventListener(type: "release", listener: () => void): void;
}

interface WakeLockApi {
  request(type: "screen"): Promise<Sentinel>;
}

export class ScreenWakeLock implements WakeLockHolder {
  /** Whether the screen is being kept on now. */
  readonly held = signal(false);
  /** Whether this browser can keep the screen on at all. */
  readonly supported: boolean;
  #api: WakeLockApi | undefined;
  #doc: Pick<Document, "visibilityState" | "addEventListener" | "removeEventListener">;
  #wanted = false;
  #sentinel: Sentinel | undefined;

  constructor(
    api: WakeLockApi | undefined = (navigator as { wakeLock?: WakeLockApi }).wakeLock,
    doc = globalThis.document,
  ) {
    this.#api = api;
    this.#doc = doc;
    this.supported = api !== undefined;
  }

  hold(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#doc.addEventListener("visibilitychange", this.#onVisible);
    void this.#acquire();
  }

  release(): void {
    this.#wanted = false;
    this.#doc.removeEventListener("visibilitychange", this.#onVisible);
    const sentinel = this.#sentinel;
    this.#sentinel = undefined;
    this.held.value = false;
    void sentinel?.release().catch(() => {});
  }

  #onVisible = () => {
    if (this.#doc.visibilityState === "visible") void this.#acquire();
  };

  async #acquire(): Promise<void> {
    if (!this.#api || this.#sentinel || this.#doc.visibilityState !== "visible") return;
    try {
      const sentinel = await this.#api.request("screen");
      if (!this.#wanted) return void sentinel.release().catch(() => {});
      this.#sentinel = sentinel;
      this.held.value = true;
      sentinel.addEventListener("release", () => {
        if (this.#sentinel === sentinel) this.#sentinel = undefined;
        this.held.value = false;
      });
    } catch {
      // Refused (battery saver, not visible): the camera works on, the screen may sleep.
      this.held.value = false;
    }
  }
}
