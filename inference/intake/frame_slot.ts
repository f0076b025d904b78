/**
 * Newest-only hand-off between a lane's video and the analyzer: a new frame
 * replaces one not yet taken (counted as dropped), so the analyzer never
 * works through a backlog when it falls behind. The scheduler may thin a
 * pending frame (let it go on purpose).
 */
import type { Frame } from "../models/types.ts";

export class FrameSlot {
  #frame: Frame | null = null;
  received = 0;
  dropped = 0;
  taken = 0;
  /** Frames let go unanalysed on purpose (an idle lane while the sidecar is behind). */
  thinned = 0;

  put(frame: Frame): void {
    this.received++;
    if (this.#frame) this.dropped++;
    this.#frame = frame;
  }

  /** The newest frame, once. */
  take(): Frame | null {
    const f = this.#frame;
    this.#frame = null;
    if (f) this.taken++;
    return f;
  }

  /** Lets the pending frame go unanalysed (counted as thinned). */
  thin(): void {
    if (!this.#frame) return;
    this.#frame = null;
    this.thinned++;
  }

  get pending(): boolean {
    return this.#frame !== null;
  }
}
