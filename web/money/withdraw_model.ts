/**
 * Withdrawals as the bettor sees them: ask for an amount (held from the
 * wallet at once), the list with each one's state, and cancel one while it
 * still waits for staff.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { ApiError } from "../api.ts";
import { newIdempotencyKey } from "../betting/betting_api.ts";
import { PagedList } from "../staff/paged_list.ts";
import { parseAmount } from "./amount.ts";
import type { MoneyApi, Withdrawal, WithdrawalState } from "./money_api.ts";
import { moneyErrorText } from "./money_errors.ts";

/** What each state means for the bettor. */
export const WITHDRAWAL_STATE_TEXT: Record<WithdrawalState, string> = {
  requested: "Waiting for approval · held from your wallet",
  approved: "Approved · being paid out",
  paid: "Paid",
  rejected: "Rejected · the money is back in your wallet",
  failed: "Payout failed · the money is back in your wallet",
  canceled: "Canceled · the money is back in your wallet",
};

/** States whose money is still held (out of the available balance). */
const HELD: readonly WithdrawalState[] = ["requested", "approved"];

export interface WithdrawModelOptions {
  api: Pick<MoneyApi, "withdrawals" | "requestWithdrawal" | "cancelWithdrawal">;
  /** After money moved (reload the wallet). */
  onChanged?: () => void;
}

export class WithdrawModel {
  readonly amountText = signal("");
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  /** The server has no withdrawals routes (an older server). */
  readonly unavailable = signal(false);
  readonly list: PagedList<Withdrawal>;
  /** The sum of withdrawals still held. */
  readonly held: ReadonlySignal<number> = computed(() =>
    (this.list.items.value ?? []).filter((w) => HELD.includes(w.state))
      .reduce((sum, w) => sum + w.amount, 0)
  );
  #o: WithdrawModelOptions;
  #key: string | null = null;

  constructor(options: WithdrawModelOptions) {
    this.#o = options;
    this.list = new PagedList(async (before) => {
      try {
        return await options.api.withdrawals({ limit: 20, before });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        this.unavailable.value = true;
        return { items: [], next: null };
      }
    });
  }

  load(): Promise<void> {
    return this.list.reload();
  }

  async request(): Promise<boolean> {
    const amount = parseAmount(this.amountText.peek());
    this.notice.value = null;
    if (amount === null || amount <= 0) {
      this.error.value = "Enter the amount to withdraw, like 20 or 12.50.";
      return false;
    }
    this.busy.value = true;
    this.error.value = null;
    this.#key ??= newIdempotencyKey();
    try {
      await this.#o.api.requestWithdrawal(amount, this.#key);
      this.#key = null;
      this.amountText.value = "";
      this.notice.value = "Withdrawal requested. The amount is held until staff approve it.";
      await this.list.reload();
      this.#o.onChanged?.();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) this.#key = null;
      this.error.value = moneyErrorText(error);
      return false;
    } finally {
      this.busy.value = false;
    }
  }

  async cancel(id: string): Promise<void> {
    this.busy.value = true;
    this.error.value = null;
    this.notice.value = null;
    try {
      await this.#o.api.cancelWithdrawal(id);
      this.notice.value = "Withdrawal canceled. The money is back in your wallet.";
      await this.list.reload();
      this.#o.onChanged?.();
    } catch (error) {
      this.error.value = moneyErrorText(error);
      await this.list.reload();
    } finally {
      this.busy.value = false;
    }
  }
}
