/**
 * Attempt throttling in Deno KV: a fixed-window counter per scope and subject
 * (a client address). Counters change only by atomic
 * compare-and-set, so concurrent attempts cannot slip past the limit, and
 * each expires with its window. Over the limit, callers answer 429
 * `too_many_attempts` with `Retry-After` (set by the error boundary from `retryAfter`).
 *
 * @example
 * ```ts
 * const ip = createThrottle({ kv, ...THROTTLES.signupIp });
 * const wait = await ip.consume("203.0.113.9"); // 0: go ahead (counted)
 * if (wait) throw tooManyAttempts(wait);
 * // … on success, give the attempt back:
 * await ip.refund("203.0.113.9");
 * ```
 * @module
 */
import { DomainError } from "../../core/problem.ts";
import { KEYS } from "../kv.ts";

const MINUTE = 60_000;

/**
 * The limits in force: attempts per window. (Logins are throttled with
 * backoff instead, so that nobody can lock an account: login_throttle.ts.)
 */
export const THROTTLES = Object.freeze({
  /** Sign-ups per client address, successful or not. */
  signupIp: { scope: "signup-ip", limit: 10, windowMs: 60 * MINUTE },
});

export interface ThrottleOptions {
  kv: Deno.Kv;
  /** Names the counter in its KV key. */
  scope: string;
  limit: number;
  windowMs: number;
  /** Clock (ms since the epoch), for tests. */
  now?: () => number;
}

export interface Throttle {
  /** Counts an attempt and answers 0, or answers the seconds to wait when the limit is reached (nothing counted). */
  consume(subject: string): Promise<number>;
  /** Takes one counted attempt back (it succeeded and should not count against the subject). */
  refund(subject: string): Promise<void>;
  /** Forgets the subject's attempts. */
  clear(subject: string): Promise<void>;
}

interface Counter {
  count: number;
  resetAt: number;
}

/**
 * Applies `step` to the state at `key` until the compare-and-set wins. `step`
 * sees the state (null when there is none or it is no longer `live`) and the
 * time, and answers the next state or `{ done }` to stop without writing; a
 * written state expires after `lifetime(next, at)` ms.
 */
export async function changeState<S, T>(
  o: {
    kv: Deno.Kv;
    now: () => number;
    live: (s: S, at: number) => boolean;
    lifetime: (s: S, at: number) => number;
  },
  key: Deno.KvKey,
  step: (s: S | null, at: number) => S | { done: T },
): Promise<T | undefined> {
  for (;;) {
    const entry = await o.kv.get<S>(key);
    const at = o.now();
    const live = entry.value !== null && o.live(entry.value, at) ? entry.value : null;
    const next = step(live, at);
    if (typeof next === "object" && next !== null && "done" in next) return next.done;
    const expireIn = Math.max(1, o.lifetime(next as S, at));
    const res = await o.kv.atomic().check(entry).set(key, next, { expireIn }).commit();
    if (res.ok) return undefined;
  }
}

export function createThrottle(o: ThrottleOptions): Throttle {
  const key = (subject: string) => KEYS.throttle(o.scope, subject);
  const state = {
    kv: o.kv,
    now: o.now ?? Date.now,
    live: (c: Counter, at: number) => c.resetAt > at,
    lifetime: (c: Counter, at: number) => c.resetAt - at,
  };
  const change = <T>(
    subject: string,
    step: (c: Counter | null, at: number) => Counter | { done: T },
  ) => changeState(state, key(subject), step);

  return {
    async consume(subject) {
      const wait = await change<number>(subject, (c, at) => {
        if (c && c.count >= o.limit) {
          return { done: Math.max(1, Math.ceil((c.resetAt - at) / 1000)) };
        }
        return c
          ? { count: c.count + 1, resetAt: c.resetAt }
          : { count: 1, resetAt: at + o.windowMs };
      });
      return wait ?? 0;
    },
    async refund(subject) {
      await change<void>(
        subject,
        (c) => c && c.count > 0 ? { count: c.count - 1, resetAt: c.resetAt } : { done: undefined },
      );
    },
    async clear(subject) {
      await o.kv.delete(key(subject));
    },
  };
}

/** The 429 answer; `retryAfter` (seconds) also becomes the `Retry-After` header. */
export function tooManyAttempts(seconds: number): DomainError {
  return new DomainError(
    "too_many_attempts",
    `Too many attempts; try again in ${seconds} seconds`,
    {
      retryAfter: seconds,
    },
  );
}
