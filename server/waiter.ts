/**
 * The pause of a polling loop (the outbox consumer, the clip worker): waits
 * up to a poll interval, cut short by `wake()`; a wake that came while the
 * loop was busy makes the next wait return at once.
 *
 * @example
 * ```ts
 * import { createWaiter } from "./waiter.ts";
 * const waiter = createWaiter();
 * waiter.wake();
 * await waiter.wait(60_000); // returns at once: woken while busy
 * ```
 * @module
 */

export interface Waiter {
  /** Waits up to `ms`, or not at all when woken since the last wait. */
  wait(ms: number): Promise<void>;
  /** Ends the current wait, or the next one before it starts. */
  wake(): void;
}

export function createWaiter(): Waiter {
  let woken = false;
  let interrupt: (() => void) | null = null;
  return {
    async wait(ms) {
      if (!woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          interrupt = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        interrupt = null;
      }
      woken = false;
    },
    wake() {
      woken = true;
      interrupt?.();
    },
  };
}
