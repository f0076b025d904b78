/**
 * An open session's check-in code in the console: fetched on start, fetched
 * again when half its lifetime is gone or a minute has passed, whichever is
 * sooner (so the QR code on screen is always good for a while yet, and a
 * rotation from another screen shows here within a minute), and rotated by
 * staff, which voids every code shown before
 * (`GET`/`POST /api/sessions/{id}/check-in-code`).
 */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { CheckInCode, StaffApi } from "./staff_api.ts";

export interface CheckInCodeModelOptions {
  sessionId: string;
  api: Pick<StaffApi, "getCheckInCode" | "rotateCheckInCode">;
  /** Default: `setTimeout`. */
  setTimer?: (run: () => void, ms: number) => unknown;
  /** Default: `clearTimeout`. */
  clearTimer?: (id: unknown) => void;
}

/** Never refetch sooner than this, whatever the code's lifetime. */
const MIN_REFRESH_MS = 5_000;
/** Refetch at least this often, so a code rotated from another screen is replaced here soon. */
const MAX_REFRESH_MS = 60_000;

export class CheckInCodeModel {
  readonly sessionId: string;
  readonly code = signal<CheckInCode | null>(null);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);

  #api: CheckInCodeModelOptions["api"];
  #setTimer: NonNullable<CheckInCodeModelOptions["setTimer"]>;
  #clearTimer: NonNullable<CheckInCodeModelOptions["clearTimer"]>;
  #timer: unknown;
  #running = false;

  constructor(options: CheckInCodeModelOptions) {
    this.sessionId = options.sessionId;
    this.#api = options.api;
    this.#setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.#clearTimer = options.clearTimer ??
      ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  }

  /** Fetches the code and keeps it fresh until {@linkcode stop}. */
  async start(): Promise<void> {
    this.#running = true;
    await this.#load(() => this.#api.getCheckInCode(this.sessionId));
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
  }

  /** A new code; every code shown before stops working. */
  async rotate(): Promise<boolean> {
    if (this.busy.peek()) return false;
    this.busy.value = true;
    try {
      return await this.#load(() => this.#api.rotateCheckInCode(this.sessionId));
    } finally {
      this.busy.value = false;
    }
  }

  async #load(fetchCode: () => Promise<CheckInCode>): Promise<boolean> {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    try {
      const code = await fetchCode();
      this.code.value = code;
      this.error.value = null;
      const half = (code.expiresIn * 1000) / 2;
      this.#schedule(Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, half)));
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      this.#schedule(MIN_REFRESH_MS * 6);
      return false;
    }
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#timer = this.#setTimer(() => {
      this.#timer = undefined;
      void this.#load(() => this.#api.getCheckInCode(this.sessionId));
    }, ms);
  }
}
