/**
 * Responsible play, the pure rules: deposit and loss limits over rolling
 * windows (lowering or setting one applies at once, raising or removing it
 * only after {@linkcode RAISE_DELAY_MS}), time-outs and self-exclusions (their
 * lengths), which limit a deposit or a bet would break, and where a play
 * session began (for the reality check). No I/O: the server reads the rows
 * and the sums, these decide.
 *
 * @example
 * ```ts
 * const now = new Date("2026-01-01T00:00:00Z");
 * const set = changeLimit(null, 5_000, now); // in force at once
 * const raised = changeLimit(set, 9_000, now); // 5 000 now, 9 000 from a day later
 * limitInForce(raised, new Date(now.getTime() + RAISE_DELAY_MS)).amount; // 9 000
 * ```
 * @module
 */
import { DomainError } from "./errors.ts";

export const LIMIT_KINDS = [
  "deposit-daily",
  "deposit-weekly",
  "deposit-monthly",
  "loss-daily",
] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** The API's field for each limit (`PUT /api/me/limits`). */
export const LIMIT_FIELDS = {
  depositDaily: "deposit-daily",
  depositWeekly: "deposit-weekly",
  depositMonthly: "deposit-monthly",
  lossDaily: "loss-daily",
} as const satisfies Record<string, LimitKind>;
export type LimitField = keyof typeof LIMIT_FIELDS;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Each limit's rolling window. */
export const LIMIT_WINDOW_MS: Readonly<Record<LimitKind, number>> = Object.freeze({
  "deposit-daily": DAY_MS,
  "deposit-weekly": 7 * DAY_MS,
  "deposit-monthly": 30 * DAY_MS,
  "loss-daily": DAY_MS,
});

/** How long a raise (or a removal) waits before it applies. */
export const RAISE_DELAY_MS = DAY_MS;

/**
 * A limit as stored: `amount` in force (null: none), and a change waiting
 * for `pendingFrom` (`pendingAmount` null there means "remove").
 */
export interface LimitState {
  amount: number | null;
  pendingAmount: number | null;
  pendingFrom: Date | null;
}

export const NO_LIMIT: Readonly<LimitState> = Object.freeze({
  amount: null,
  pendingAmount: null,
  pendingFrom: null,
});

/** The limit at `now`: a pending change whose time has come is applied. */
export function limitInForce(s: LimitState | null, now: Date): LimitState {
  if (!s) return NO_LIMIT;
  if (s.pendingFrom && s.pendingFrom.getTime() <= now.getTime()) {
    return { amount: s.pendingAmount, pendingAmount: null, pendingFrom: null };
  }
  return s;
}

/**
 * What asking for `requested` (null: remove) does to a limit: lowering it,
 * or setting one where there was none, applies at once and drops any pending
 * raise; raising or removing it waits {@linkcode RAISE_DELAY_MS} (asking again
 * for the same pending change keeps its time, it does not restart the wait).
 */
export function changeLimit(s: LimitState | null, requested: number | null, now: Date): LimitState {
  if (requested !== null && (!Number.isSafeInteger(requested) || requested < 0)) {
    throw new DomainError(
      "invalid_limit",
      `Limit "${requested}" is not a whole amount of 0 or more`,
    );
  }
  const cur = limitInForce(s, now);
  if (cur.amount === null) {
    return requested === null
      ? NO_LIMIT
      : { amount: requested, pendingAmount: null, pendingFrom: null };
  }
  if (requested !== null && requested <= cur.amount) {
    return { amount: requested, pendingAmount: null, pendingFrom: null };
  }
  if (cur.pendingFrom && cur.pendingAmount === requested) return cur;
  return {
    amount: cur.amount,
    pendingAmount: requested,
    pendingFrom: new Date(now.getTime() + RAISE_DELAY_MS),
  };
}

export type ExclusionKind = "time-out" | "self-exclusion";

/** Allowed lengths in days: time-outs 24 h to 6 weeks, self-exclusion 6 months to 5 years. */
export const EXCLUSION_DAYS: Readonly<Record<ExclusionKind, { min: number; max: number }>> = Object
  .freeze({
    "time-out": { min: 1, max: 42 },
    "self-exclusion": { min: 182, max: 1826 },
  });

/** When an exclusion of `days` taken at `now` ends; refuses a length out of range. */
export function exclusionEnd(kind: ExclusionKind, days: number, now: Date): Date {
  const { min, max } = EXCLUSION_DAYS[kind];
  if (!Number.isInteger(days) || days < min || days > max) {
    throw new DomainError(
      "invalid_exclusion_days",
      `A ${kind} lasts ${min} to ${max} days, not "${days}"`,
      { min, max },
    );
  }
  return new Date(now.getTime() + days * DAY_MS);
}

/** A limit in force and what its window has used so far. */
export interface LimitUse {
  kind: LimitKind;
  amount: number;
  used: number;
}

/** The first limit that `more` on top of what is used would break, or null. */
export function firstBreach(uses: readonly LimitUse[], more: number): LimitUse | null {
  return uses.find((u) => u.used + more > u.amount) ?? null;
}

/** Refuses a deposit of `amount` that would break a deposit limit (422 `deposit-limit`). */
export function checkDeposit(uses: readonly LimitUse[], amount: number): void {
  const hit = firstBreach(uses, amount);
  if (!hit) return;
  throw new DomainError(
    "deposit-limit",
    `A deposit of ${amount} would pass the ${hit.kind} limit of ${hit.amount}`,
    {
      limit: hit.kind,
      amount: hit.amount,
      used: hit.used,
      room: Math.max(0, hit.amount - hit.used),
    },
  );
}

/**
 * A stake of `stake` against a daily loss limit: `used` is the worst loss
 * already possible (net loss of the day's settled bets plus every open stake).
 */
export function lossLimitError(use: LimitUse, stake: number): DomainError | null {
  if (use.used + stake <= use.amount) return null;
  return new DomainError(
    "loss-limit",
    `A stake of ${stake} could pass the daily loss limit of ${use.amount}`,
    {
      limit: use.kind,
      amount: use.amount,
      used: use.used,
      room: Math.max(0, use.amount - use.used),
    },
  );
}

/** A gap without a bet this long ends a play session. */
export const PLAY_SESSION_GAP_MS = 30 * 60_000;

/**
 * Where the play session that holds `now` began: the earliest bet reached
 * from the latest one without a gap of {@linkcode PLAY_SESSION_GAP_MS}; null
 * when the last bet is older than that gap (no session running).
 * `placed` are bet times, newest first.
 */
export function playSessionStart(
  placed: readonly Date[],
  now: Date,
  gapMs = PLAY_SESSION_GAP_MS,
): Date | null {
  if (!placed.length || now.getTime() - placed[0].getTime() > gapMs) return null;
  let start = placed[0];
  for (const t of placed.slice(1)) {
    if (start.getTime() - t.getTime() > gapMs) break;
    start = t;
  }
  return start;
}
