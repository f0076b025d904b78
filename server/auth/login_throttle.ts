/**
 * How password attempts (logins, password changes) are throttled, so that
 * guessing is slow but nobody can lock an owner out of their account. Each
 * attempt is counted, with exponential backoff ({@linkcode LOGIN_BACKOFF}),
 * against:
 *
 * - the account from this address: five free failures, then waits that
 *   double from 15 s up to 15 min. What one address does never slows another;
 * - the address, across accounts (password spraying): thirty free failures;
 * - the account from every address that has not logged into it in the last
 *   {@linkcode KNOWN_ADDRESS_MS} (a guess spread over many addresses): a
 *   hundred free failures. An address the owner has logged in from is exempt.
 *
 * A successful attempt gives its counts back, clears the account's failures
 * from that address and marks the address as known for the account. Unknown
 * emails are counted like real ones.
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ kv });
 * const attempt = await throttle.begin("ada@example.com", "203.0.113.9"); // or 429
 * if (passwordOk) await attempt.succeeded();
 * ```
 * @module
 */
import { KEYS } from "../kv.ts";
import { createBackoff, LOGIN_BACKOFF } from "./backoff.ts";
import { type Throttle, tooManyAttempts } from "./throttle.ts";

/** How long an address stays known for an account after a login from it. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 3600 * 1000;

export interface LoginAttempt {
  /** The password was right: the attempt counts against nobody. */
  succeeded(): Promise<void>;
}

export interface LoginThrottle {
  /** Counts an attempt on `account` (lower-cased email) from `ip`; throws 429 `too_many_attempts` while a wait runs. */
  begin(account: string, ip: string): Promise<LoginAttempt>;
}

export function createLoginThrottle(o: { kv: Deno.Kv; now?: () => number }): LoginThrottle {
  const pair = createBackoff({ kv: o.kv, now: o.now, ...LOGIN_BACKOFF.pair });
  const ip = createBackoff({ kv: o.kv, now: o.now, ...LOGIN_BACKOFF.ip });
  const account = createBackoff({ kv: o.kv, now: o.now, ...LOGIN_BACKOFF.account });
  const knownKey = (subject: string) => KEYS.throttle("login-known", subject);

  return {
    async begin(email, address) {
      const pairSubject = `${email} ${address}`;
      const known = (await o.kv.get<boolean>(knownKey(pairSubject))).value === true;
      const steps: [Throttle, string][] = [[ip, address], [pair, pairSubject]];
      if (!known) steps.push([account, email]);
      const counted: [Throttle, string][] = [];
      for (const [throttle, subject] of steps) {
        const wait = await throttle.consume(subject);
        if (wait) {
          await Promise.all(counted.map(([t, s]) => t.refund(s)));
          throw tooManyAttempts(wait);
        }
        counted.push([throttle, subject]);
      }
      return {
        async succeeded() {
          await Promise.all([
            ip.refund(address),
            pair.clear(pairSubject),
            known ? undefined : account.refund(email),
            o.kv.set(knownKey(pairSubject), true, { expireIn: KNOWN_ADDRESS_MS }),
          ]);
        },
      };
    },
  };
}
