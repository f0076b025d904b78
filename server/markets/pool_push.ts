/**
 * Throttles the `market` updates that bets cause: at most one per market per
 * `intervalMs`, the first at once and the rest on the trailing edge, so the
 * last change is always sent (the update reads the market when it goes out,
 * so it carries every bet before it).
 *
 * @example
 * ```ts
 * const push = createPoolPush({ intervalMs: 250, send: (id) => console.log("push", id) });
 * push.poke("m1"); // sent now
 * push.poke("m1"); // sent 250 ms after the first
 * push.stop();
 * ```
 * @module
 */

export interface PoolPushOptions {
  intervalMs: number;
  send: (marketId: string) => void | Promise<void>;
  now?: () => number;
  /** Timers (tests pass a manual clock). */
  setTimer?: (fn: () => void, ms: number) => number;
  clearTimer?: (id: number) => void;
}

export interface PoolPush {
  /** A market's pools moved: send an update now or at the end of its interval. */
  poke(marketId: string): void;
  /** Cancels what is scheduled. */
  stop(): void;
}

/** Markets remembered before quiet ones are forgotten. */
const MAX_REMEMBERED = 1000;

export function createPoolPush(o: PoolPushOptions): PoolPush {
  const now = o.now ?? Date.now;
  const last = new Map<string, number>();
  const setTimer = o.setTimer ?? setTimeout;
  const clearTimer = o.clearTimer ?? clearTimeout;
  const timers = new Map<string, number>();

  const fire = (id: string) => {
    timers.delete(id);
    last.set(id, now());
    Promise.resolve(o.send(id)).catch((err) =>
      console.error(`markets: pool update of "${id}" failed`, err)
    );
  };

  const forgetQuiet = () => {
    const t = now();
    for (const [id, at] of last) if (t - at >= o.intervalMs && !timers.has(id)) last.delete(id);
  };

  return {
    poke(id) {
      if (timers.has(id)) return;
      const wait = (last.get(id) ?? -Infinity) + o.intervalMs - now();
      if (wait <= 0) {
        if (last.size > MAX_REMEMBERED) forgetQuiet();
        fire(id);
        return;
      }
      timers.set(id, setTimer(() => fire(id), wait));
    },
    stop() {
      for (const t of timers.values()) clearTimer(t);
      timers.clear();
      last.clear();
    },
  };
}
