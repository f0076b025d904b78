/**
 * The signed-in bettor's wallet: the balance the header and the lane page
 * show, sandbox deposits, and the transactions list (paged). Loaded when a
 * bettor signs in; afterwards the lane's live stream keeps it current with
 * the user's `wallet` events (no polling). Money is demo money while
 * `wallet.demo` is true and every view says so.
 *
 * @example
 * ```ts
 * const wallet = new WalletModel(createBettingApi(auth.fetch));
 * await wallet.load();
 * await wallet.deposit(5000); // $50.00 of demo money
 * ```
 * @module
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { describeError } from "../api.ts";
import { PagedList } from "../staff/paged_list.ts";
import type { BettingApi, Wallet, WalletTransaction } from "./betting_api.ts";
import { newIdempotencyKey } from "./betting_api.ts";
import { formatMoney } from "./money.ts";

/** Transactions per page on the wallet page. */
export const TRANSACTIONS_PAGE = 20;

export class WalletModel {
  /** The wallet as last read or pushed; null until loaded (or when nobody bets here). */
  readonly wallet = signal<Wallet | null>(null);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  /** "$12.34" available now, or null before the wallet is known. */
  readonly availableText: ReadonlySignal<string | null> = computed(() => {
    const w = this.wallet.value;
    return w ? formatMoney(w.available, w.currency) : null;
  });
  readonly transactions: PagedList<WalletTransaction>;
  #api: Pick<BettingApi, "wallet" | "deposit" | "transactions">;

  constructor(api: Pick<BettingApi, "wallet" | "deposit" | "transactions">) {
    this.#api = api;
    this.transactions = new PagedList((before) =>
      api.transactions({ limit: TRANSACTIONS_PAGE, before })
    );
  }

  async load(): Promise<void> {
    try {
      this.wallet.value = await this.#api.wallet();
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  /** A `wallet` event from the live stream. */
  receive(wallet: Wallet): void {
    this.wallet.value = wallet;
  }

  /** Forgets the wallet (signed out). */
  clear(): void {
    this.wallet.value = null;
    this.transactions.items.value = null;
    this.transactions.next.value = null;
  }

  /** Adds `amount` minor units of sandbox (demo) money, then reads the wallet and its first page. */
  async deposit(amount: number): Promise<boolean> {
    this.busy.value = true;
    this.error.value = null;
    try {
      await this.#api.deposit(amount, newIdempotencyKey());
      await Promise.all([this.load(), this.transactions.reload()]);
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.busy.value = false;
    }
  }
}

/** Whether a value looks like a Wallet (a live event's data is checked before use). */
export function isWallet(v: unknown): v is Wallet {
  const w = v as Wallet;
  return typeof v === "object" && v !== null && Number.isSafeInteger(w.available) &&
    Number.isSafeInteger(w.pending) && typeof w.currency === "string";
}
