/** Delays between reconnect attempts: exponential, capped, with jitter. */

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
