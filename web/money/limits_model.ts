/**
 * Responsible-play settings: deposit limits (day, week, month) and a daily
 * loss limit, edited as text and saved together (lowering applies at once,
 * a raise only after 24 hours and shows as pending), a time-out of 1–42
 * days, and self-exclusion of 6 months to 5 years, which needs the bettor
 * to say they understand it cannot be undone.
 */
import { computed, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import { ApiError } from "../api.ts";
import { amountText, parseAmount } from "./amount.ts";
import { LIMIT_KEYS, type LimitKey, type Limits, type MoneyApi } from "./money_api.ts";
import { moneyErrorText } from "./money_errors.ts";

export const LIMIT_LABEL: Record<LimitKey, string> = {
  depositDaily: "Deposit limit per day",
  depositWeekly: "Deposit limit per week",
  depositMonthly: "Deposit limit per month",
  lossDaily: "Loss limit per day",
};

export const TIME_OUT_DAYS = { min: 1, max: 42 } as const;

/** Self-exclusion lengths offered (days; the server takes 182–1826). */
export const EXCLUSION_CHOICES: readonly { days: number; label: string }[] = [
  { days: 182, label: "6 months" },
  { days: 365, label: "1 year" },
  { days: 730, label: "2 years" },
  { days: 1826, label: "5 years" },
];

/** The account is paused: by a time-out or a self-exclusion, until when. */
export interface Pause {
  kind: "time-out" | "self-exclusion";
  until: string | null;
}

export interface LimitsModelOptions {
  api: Pick<MoneyApi, "limits" | "setLimits" | "timeOut" | "selfExclude">;
  now?: () => number;
}

export class LimitsModel {
  readonly data = signal<Limits | null>(null);
  /** The server has no responsible-play routes (an older server). */
  readonly unavailable = signal(false);
  readonly drafts: Record<LimitKey, Signal<string>>;
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly timeOutDays = signal("1");
  readonly exclusionDays = signal(EXCLUSION_CHOICES[0].days);
  /** The bettor ticked "I understand this cannot be undone". */
  readonly understood = signal(false);
  readonly pause: ReadonlySignal<Pause | null>;
  #o: LimitsModelOptions;

  constructor(options: LimitsModelOptions) {
    this.#o = options;
    this.drafts = Object.fromEntries(LIMIT_KEYS.map((k) => [k, signal("")])) as Record<
      LimitKey,
      Signal<string>
    >;
    const now = options.now ?? Date.now;
    this.pause = computed(() => {
      const d = this.data.value;
      if (!d) return null;
      const active = (until: string | null) => until !== null && Date.parse(until) > now();
      if (active(d.selfExcludedUntil)) {
        return { kind: "self-exclusion", until: d.selfExcludedUntil };
      }
      if (active(d.timeOutUntil)) return { kind: "time-out", until: d.timeOutUntil };
      return null;
    });
  }

  async load(): Promise<void> {
    try {
      this.#show(await this.#o.api.limits());
      this.unavailable.value = false;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.unavailable.value = true;
      else this.error.value = moneyErrorText(error);
    }
  }

  /** The changed limits, or a message saying which one is not an amount. */
  changes(): Partial<Record<LimitKey, number | null>> | string {
    const out: Partial<Record<LimitKey, number | null>> = {};
    const limits = this.data.peek()?.limits ?? {};
    for (const key of LIMIT_KEYS) {
      const text = this.drafts[key].peek().trim();
      const current = limits[key]?.amount ?? null;
      const wanted = text === "" ? null : parseAmount(text);
      if (text !== "" && (wanted === null || wanted <= 0)) {
        return `${LIMIT_LABEL[key]}: enter an amount like 50 or 12.50, or leave it empty for none.`;
      }
      if (wanted !== current) out[key] = wanted;
    }
    return out;
  }

  async save(): Promise<void> {
    const changes = this.changes();
    this.notice.value = null;
    if (typeof changes === "string") {
      this.error.value = changes;
      return;
    }
    if (Object.keys(changes).length === 0) {
      this.error.value = null;
      this.notice.value = "Nothing changed.";
      return;
    }
    await this.#run(async () => {
      await this.#o.api.setLimits(changes);
      this.#show(await this.#o.api.limits());
      this.notice.value = "Saved. A lower limit applies now; a higher one only after 24 hours.";
    });
  }

  async timeOut(): Promise<void> {
    const days = Number(this.timeOutDays.peek());
    if (!Number.isInteger(days) || days < TIME_OUT_DAYS.min || days > TIME_OUT_DAYS.max) {
      this.error.value = `Choose ${TIME_OUT_DAYS.min} to ${TIME_OUT_DAYS.max} days.`;
      return;
    }
    await this.#run(async () => {
      await this.#o.api.timeOut(days);
      this.#show(await this.#o.api.limits());
      this.notice.value = `Time-out started for ${days} day${days === 1 ? "" : "s"}.`;
    });
  }

  async selfExclude(): Promise<void> {
    if (!this.understood.peek()) {
      this.error.value = "Tick the box to confirm you understand this cannot be undone.";
      return;
    }
    const days = this.exclusionDays.peek();
    await this.#run(async () => {
      await this.#o.api.selfExclude(days);
      this.understood.value = false;
      this.#show(await this.#o.api.limits());
      this.notice.value = "Self-exclusion started. You cannot bet or deposit until it ends.";
    });
  }

  #show(limits: Limits): void {
    this.data.value = limits;
    for (const key of LIMIT_KEYS) {
      const amount = limits.limits[key]?.amount;
      this.drafts[key].value = amount == null ? "" : amountText(amount);
    }
  }

  async #run(action: () => Promise<void>): Promise<void> {
    this.busy.value = true;
    this.error.value = null;
    try {
      await action();
    } catch (error) {
      this.error.value = moneyErrorText(error);
    } finally {
      this.busy.value = false;
    }
  }
}
