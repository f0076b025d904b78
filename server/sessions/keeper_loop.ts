/**
 * The pass loop the session keepers share (sim_keeper.ts, open_play_keeper.ts):
 * one pass at once, the next `intervalMs` after the last ended, a failed pass
 * logged under `name` and the loop going on; `stop()` waits for the pass running.
 * @module
 */
import { type JobLock, runAlways } from "../jobs/job_lock.ts";

export interface KeeperLoop {
  start(): void;
  stop(): Promise<void>;
}

export function createKeeperLoop(
  name: string,
  pass: () => Promise<unknown>,
  intervalMs: number,
  /** Runs each pass (default: at once); a {@linkcode JobLock} skips it where another instance runs it. */
  lock: JobLock = runAlways,
): KeeperLoop {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  function schedule(delayMs: number) {
    timer = setTimeout(() => {
      running = lock(name, pass).catch((err) => console.error(`${name}:`, err)).finally(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, delayMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
