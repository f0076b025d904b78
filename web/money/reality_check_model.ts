/**
 * The reality check: every {@linkcode REALITY_CHECK_MINUTES} minutes of a
 * betting session the bettor's screens show how long they have played and
 * what they staked, won and stand at (`GET /api/me/reality-check`). Once
 * dismissed, a check stays away until the next multiple of the interval;
 * the dismissed count is kept per session (`since`) in sessionStorage, so a
 * reload does not show it again.
 */
import { signal } from "@preact/signals";
import { ApiError } from "../api.ts";
import type { MoneyApi, RealityCheck } from "./money_api.ts";

export const REALITY_CHECK_MINUTES = 30;
const KEY = "lanecast.realityCheck";

export interface RealityCheckOptions {
  api: Pick<MoneyApi, "realityCheck">;
  everyMinutes?: number;
  storage?: Pick<Storage, "getItem" | "setItem">;
  setTimer?: (fn: () => void, ms: number) => number;
  clearTimer?: (id: number) => void;
}

export class RealityCheckModel {
  /** The check to show, or null. */
  readonly shown = signal<RealityCheck | null>(null);
  #o: RealityCheckOptions;
  #every: number;
  #timer: number | undefined;
  #stopped = true;

  constructor(options: RealityCheckOptions) {
    this.#o = options;
    this.#every = options.everyMinutes ?? REALITY_CHECK_MINUTES;
  }

  get #storage() {
    return this.#o.storage ?? globalThis.sessionStorage;
  }

  /** Starts checking (a bettor signed in); returns the stop function. */
  start(): () => void {
    this.#stopped = false;
    void this.check();
    return () => this.stop();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) (this.#o.clearTimer ?? clearTimeout)(this.#timer);
    this.#timer = undefined;
    this.shown.value = null;
  }

  /** Reads the session's play; shows it when a new interval has passed; plans the next read. */
  async check(): Promise<void> {
    let check: RealityCheck;
    try {
      check = await this.#o.api.realityCheck();
    } catch (error) {
      // No such route (an older server) or not a bettor: no checks. Anything else: try later.
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return;
      return this.#plan(this.#every);
    }
    if (this.#stopped) return;
    const reached = Math.floor(check.minutes / this.#every);
    if (reached >= 1 && reached > this.#dismissed(check.since)) this.shown.value = check;
    this.#plan((reached + 1) * this.#every - check.minutes);
  }

  /** "Keep playing": hides the check until the next interval. */
  dismiss(): void {
    const check = this.shown.peek();
    if (!check) return;
    this.#storage.setItem(
      KEY,
      JSON.stringify({ since: check.since, count: Math.floor(check.minutes / this.#every) }),
    );
    this.shown.value = null;
  }

  #dismissed(since: string): number {
    try {
      const kept = JSON.parse(this.#storage.getItem(KEY) ?? "null");
      return kept?.since === since ? Number(kept.count) || 0 : 0;
    } catch {
      return 0;
    }
  }

  #plan(minutes: number): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) (this.#o.clearTimer ?? clearTimeout)(this.#timer);
    const ms = Math.max(1, minutes) * 60_000;
    this.#timer = (this.#o.setTimer ?? setTimeout)(() => void this.check(), ms);
  }
}

/** "1 h 5 min", "25 min". */
export function formatPlayed(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  const h = Math.floor(m / 60);
  return h ? `${h} h ${m % 60} min` : `${m} min`;
}
