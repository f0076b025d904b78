/**
 * Attempt throttling in Deno KV: a fixed-window counter per scope and subject
 * (an account's email, a client address). Counters change only by atomic
 * compare-and-set, so concurrent attempts cannot slip past the limit, and
 * each expires with its window. Over the limit, callers answer 429
 * `too_many_attempts` with `Retry-After` (set by the error boundary from `retryAfter`).
 *
 * @example
 * ```ts
 * const ip = createThrottle({ kv, ...THROTTLES.loginIp });
 * const wait = await ip.consume("203.0.113.9"); // 0: go ahead (counted)
 * if (wait) throw tooManyAttempts(wait);
 * // … on success, give the attempt back:
 * await ip.refund("203.0.113.9");
 * ```
 * @module
 */
import { createMiddleware } from "hono/factory";
import { DomainError } from "../../core/problem.ts";
import { KEYS } from "../kv.ts";

const MINUTE = 60_000;

/** The limits in force: attempts per window. */
export const THROTTLES = Object.freeze({
  /** Failed logins per account (email, any case); a successful login clears it. */
  loginAccount: { scope: "login-account", limit: 5, windowMs: 15 * MINUTE },
  /** Failed logins and password checks per client address. */
  loginIp: { scope: "login-ip", limit: 30, windowMs: 15 * MINUTE },
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

export function createThrottle(o: ThrottleOptions): Throttle {
  const now = o.now ?? Date.now;
  const key = (subject: string) => KEYS.throttle(o.scope, subject);

  /** Applies `step` to the live counter until the compare-and-set wins; `step` may stop with a result. */
  async function change<T>(
    subject: string,
    step: (c: Counter | null, at: number) => Counter | { done: T },
  ): Promise<T | undefined> {
    for (;;) {
      const entry = await o.kv.get<Counter>(key(subject));
      const at = now();
      const live = entry.value && entry.value.resetAt > at ? entry.value : null;
      const next = step(live, at);
      if ("done" in next) return next.done;
      const res = await o.kv.atomic().check(entry)
        .set(key(subject), next, { expireIn: Math.max(1, next.resetAt - at) }).commit();
      if (res.ok) return undefined;
    }
  }

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
