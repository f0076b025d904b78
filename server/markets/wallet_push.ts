/**
 * Throttles the `wallet` updates that bets cause, for all bettors together:
 * the users poked since the last flush go out in one flush (one read of
 * every wallet, server/markets/settle_publish.ts `walletsOf`), at most one
 * flush per `intervalMs`; the first after a quiet spell at once (on the next
 * turn of the event loop, so pokes of one batch of bets share it). Each user
 * is pushed at most once per interval and their last change is always sent,
 * as a per-user throttle would, but 64 busy bettors cost one read a second
 * instead of 64.
 *
 * @example
 * ```ts
 * const push = createWalletPush({ intervalMs: 1000, send: (ids) => console.log("push", ids) });
 * push.poke("u1"); // sent at once
 * push.poke("u2"); // with anyone else poked, 1000 ms after the first
 * push.stop();
 * ```
 * @module
 */

export interface WalletPushOptions {
  intervalMs: number;
  send: (userIds: string[]) => void | Promise<void>;
  now?: () => number;
  /** Timers (tests pass a manual clock). */
  setTimer?: (fn: () => void, ms: number) => number;
  clearTimer?: (id: number) => void;
}

export interface WalletPush {
  /** A user's wallet moved: push it with the next flush. */
  poke(userId: string): void;
  /** Cancels what is scheduled. */
  stop(): void;
}

export function createWalletPush(o: WalletPushOptions): WalletPush {
  const now = o.now ?? Date.now;
  const setTimer = o.setTimer ?? setTimeout;
  const clearTimer = o.clearTimer ?? clearTimeout;
  let due = new Set<string>();
  let last = -Infinity;
  let timer: number | undefined;

  const flush = () => {
    timer = undefined;
    last = now();
    const ids = [...due];
    due = new Set();
    if (!ids.length) return;
    Promise.resolve(o.send(ids)).catch((err) =>
      console.error(`markets: wallet updates of ${ids.length} users failed`, err)
    );
  };

  return {
    poke(userId) {
      due.add(userId);
      if (timer === undefined) timer = setTimer(flush, Math.max(0, last + o.intervalMs - now()));
    },
    stop() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      due.clear();
    },
  };
}
