/**
 * Attempt throttling with exponential backoff, in Deno KV. Per scope and
 * subject (an address, an account, an account from one address) the first
 * `free` attempts pass at once; the attempt that uses the last free one
 * makes the next wait `baseDelayMs`, and each further attempt doubles the
 * wait, up to `maxDelayMs`. Nothing is ever locked for good: a subject is
 * forgotten `forgetAfterMs` after its last attempt.
 *
 * Attempts are counted before they are tried (so a burst of concurrent
 * attempts cannot slip past the limit: state changes only by atomic
 * compare-and-set) and given back with `refund` when they succeed. While a
 * wait runs, the refused attempt counts for nothing and callers answer 429
 * (`tooManyAttempts` in throttle.ts).
 *
 * @example
 * ```ts
 * const pair = createBackoff({ kv, ...LOGIN_BACKOFF.pair });
 * const wait = await pair.consume("ada@example.com 203.0.113.9"); // 0: go ahead (counted)
 * if (wait) throw tooManyAttempts(wait);
 * await pair.clear("ada@example.com 203.0.113.9"); // it succeeded
 * ```
 * @module
 */
import { KEYS } from "../kv.ts";
import { changeState, type Throttle } from "./throttle.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The rules in force. */
export const LOGIN_BACKOFF = Object.freeze({
  /**
   * Failed logins for one account from one address: the owner's own
   * address is never slowed by what other addresses do.
   */
  pair: {
    scope: "login-pair",
    free: 5,
    baseDelayMs: 15 * SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  },
  /** Failed logins and password checks from one address, across accounts (password spraying). */
  ip: {
    scope: "login-ip",
    free: 30,
    baseDelayMs: 15 * SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  },
  /**
   * Failed logins for one account from addresses that have never logged into
   * it (a guess spread over many addresses); far above what one address may
   * try, and never applied to an address the account has logged in from.
   */
  account: {
    scope: "login-account",
    free: 100,
    baseDelayMs: 15 * SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  },
});

export interface BackoffRule {
  /** Names the state in its KV key. */
  scope: string;
  /** Attempts that pass without waiting. */
  free: number;
  /** The first wait; each further attempt doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A subject with no attempt for this long starts afresh. */
  forgetAfterMs: number;
}

export interface BackoffOptions extends BackoffRule {
  kv: Deno.Kv;
  /** Clock (ms since the epoch), for tests. */
  now?: () => number;
}

interface State {
  /** Attempts counted. */
  count: number;
  /** No attempt before this time (ms). */
  until: number;
  /** The last counted attempt (ms). */
  lastAt: number;
}

/** The wait after the `count`-th attempt: none while attempts are free, then doubling. */
export function backoffMs(rule: BackoffRule, count: number): number {
  if (count < rule.free) return 0;
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(count - rule.free, 30));
}

export function createBackoff(o: BackoffOptions): Throttle {
  const key = (subject: string) => KEYS.throttle(o.scope, subject);
  const state = {
    kv: o.kv,
    now: o.now ?? Date.now,
    live: (s: State, at: number) => s.lastAt + o.forgetAfterMs > at,
    lifetime: (s: State, at: number) => Math.max(s.lastAt + o.forgetAfterMs, s.until) - at,
  };
  const change = <T>(subject: string, step: (s: State | null, at: number) => State | { done: T }) =>
    changeState(state, key(subject), step);

  return {
    async consume(subject) {
      const wait = await change<number>(subject, (s, at) => {
        if (s && s.until > at) return { done: Math.max(1, Math.ceil((s.until - at) / SECOND)) };
        const count = (s?.count ?? 0) + 1;
        const delay = backoffMs(o, count);
        return { count, until: delay ? at + delay : 0, lastAt: at };
      });
      return wait ?? 0;
    },
    async refund(subject) {
      await change<void>(subject, (s) => {
        if (!s || s.count <= 0) return { done: undefined };
        const count = s.count - 1;
        return { count, until: backoffMs(o, count) ? s.until : 0, lastAt: s.lastAt };
      });
    },
    async clear(subject) {
      await o.kv.delete(key(subject));
    },
  };
}
