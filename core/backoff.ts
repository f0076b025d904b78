/**
 * Delays between reconnect attempts: exponential, capped, with jitter. For a
 * connection that was up, the first retry goes at once (`retryDelay`): what
 * broke it (a media worker dying, a server restart) is usually fixed by
 * connecting again, and a viewer should not sit out a backoff for it.
 */

export interface BackoffOptions {
  /** Delay before the first retry. Default: 500 ms. */
  baseMs?: number;
  /** Largest delay. Default: 10000 ms. */
  maxMs?: number;
  /** Fraction of the delay drawn at random either side. Default: 0.2. */
  jitter?: number;
}

export const BACKOFF_DEFAULTS: Readonly<Required<BackoffOptions>> = Object.freeze({
  baseMs: 500,
  maxMs: 10_000,
  jitter: 0.2,
});

/**
 * The delay before retry number `attempt` (1, 2, 3, …).
 *
 * @example
 * ```ts
 * backoffDelay(1, {}, () => 0.5); // 500
 * backoffDelay(3, {}, () => 0.5); // 2000
 * ```
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { baseMs, maxMs, jitter } = { ...BACKOFF_DEFAULTS, ...options };
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const nominal = Math.min(maxMs, baseMs * 2 ** exponent);
  const spread = nominal * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(nominal + spread));
}

/**
 * The delay before retry number `attempt` of a connection that was up: the
 * first goes at once, later ones back off as `backoffDelay` from its first
 * step. Count attempts from the last time the connection stayed up long
 * enough to call it stable, so a connection that breaks as soon as it is made
 * still backs off.
 *
 * @example
 * ```ts
 * [1, 2, 3].map((n) => retryDelay(n, {}, () => 0.5)); // [0, 500, 1000]
 * ```
 */
export function retryDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  return attempt <= 1 ? 0 : backoffDelay(attempt - 1, options, random);
}
