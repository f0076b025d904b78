/**
 * Capture times of received frames: the time stamped into the pixels when
 * the publisher stamps them (simulated lanes), otherwise the arrival time
 * less the delay measured on stamped frames (or a default until then).
 */
import { readStamp } from "../../sim/stamp.ts";

export class CaptureClock {
  #delayMs: number;
  #measured = false;
  stamped = 0;
  unstamped = 0;

  constructor(defaultDelayMs = 80) {
    this.#delayMs = defaultDelayMs;
  }

  /** Typical camera-to-here delay, ms. */
  get delayMs(): number {
    return this.#delayMs;
  }

  captureTime(
    data: Uint8Array,
    width: number,
    height: number,
    arrivedMs: number,
  ): { ms: number; stamped: boolean } {
    const stamp = readStamp(data, width, height);
    if (stamp !== null && Math.abs(arrivedMs - stamp) < 60_000) {
      this.stamped++;
      const d = arrivedMs - stamp;
      this.#delayMs = this.#measured ? this.#delayMs * 0.98 + d * 0.02 : d;
      this.#measured = true;
      return { ms: stamp, stamped: true };
    }
    this.unstamped++;
    return { ms: arrivedMs - this.#delayMs, stamped: false };
  }
}
