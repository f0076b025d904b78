/**
 * The deposit form's state: the amount (one tap on a preset or typed), the
 * provider, and each provider's way to the money landing:
 *
 * - sandbox: credited at once (demo money);
 * - stripe: the card form (Stripe Elements) for the PaymentIntent, then
 *   "waiting for confirmation" until the webhook credited the deposit (the
 *   deposit's state is read again until it says so);
 * - paypal: PayPal's approval page in a popup; once the buyer closes it the
 *   order is captured (a failed capture means they did not approve). Where
 *   popups are blocked the page goes to PayPal instead, and on the way back
 *   (`?token=` the order id, `PayerID` once approved) the order is captured.
 *
 * @example
 * ```ts
 * const deposit = new DepositModel({ api: createMoneyApi(auth.fetch), onCredited: () => wallet.load() });
 * await deposit.load();
 * deposit.amountText.value = "25";
 * await deposit.start();
 * ```
 * @module
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { ApiError } from "../api.ts";
import { newIdempotencyKey } from "../betting/betting_api.ts";
import { parseAmount } from "./amount.ts";
import type { Deposit, MoneyApi, PaymentsConfig, ProviderName } from "./money_api.ts";
import { moneyErrorText } from "./money_errors.ts";

/** Where a deposit is. */
export type DepositPhase =
  | { step: "choose" }
  | { step: "starting" }
  /** Stripe: the card form is up. */
  | {
    step: "card";
    deposit: Deposit;
    stripe: { clientSecret: string; publishableKey: string; paymentIntentId: string };
  }
  /** Stripe: paid in the browser; the webhook has not credited it yet. */
  | { step: "waiting"; deposit: Pick<Deposit, "id" | "amount"> }
  /** PayPal: the approval page is opening. */
  | { step: "redirecting"; approveUrl: string }
  | { step: "capturing" }
  | { step: "done"; deposit: Pick<Deposit, "id" | "amount" | "provider"> };

/** The PayPal deposit on its way through PayPal's page (kept across the redirect). */
interface PendingPaypal {
  depositId: string;
  orderId: string;
  amount: number;
}

export const PAYPAL_PENDING_KEY = "lanecast.paypalDeposit";
const TEXT_PAYPAL_UNAVAILABLE = "PayPal isn't available right now. Choose another way to pay.";

/**
 * PayPal's approval page in a popup, watched until the buyer closes it; where
 * popups are blocked, the page goes to PayPal.
 */
export function openApproval(url: string): Promise<"closed" | "redirected"> {
  const popup = globalThis.open(url, "lanecast-paypal", "popup,width=480,height=720");
  if (!popup) {
    location.assign(url);
    return Promise.resolve("redirected");
  }
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(timer);
      resolve("closed");
    }, 500);
  });
}
/** Smallest deposit, minor units. */
export const MIN_DEPOSIT = 100;

export interface DepositModelOptions {
  api: Pick<MoneyApi, "config" | "deposit" | "capture" | "deposits">;
  /** After money landed (reload the wallet and history). */
  onCredited?: () => void;
  /**
   * Opens PayPal's approval page: resolves "closed" when the buyer closed
   * its popup, "redirected" when the page itself went there. Default:
   * {@linkcode openApproval}.
   */
  open?: (url: string) => Promise<"closed" | "redirected">;
  /** Keeps the PayPal deposit across the redirect. Default: `sessionStorage`. */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  sleep?: (ms: number) => Promise<void>;
  /** How often and how many times a Stripe deposit's state is read while waiting. */
  pollMs?: number;
  pollTries?: number;
}

export class DepositModel {
  readonly config = signal<PaymentsConfig | null>(null);
  readonly amountText = signal("");
  readonly provider = signal<ProviderName>("sandbox");
  readonly phase = signal<DepositPhase>({ step: "choose" });
  readonly error = signal<string | null>(null);
  /** The typed amount in minor units, or null. */
  readonly amount: ReadonlySignal<number | null> = computed(() =>
    parseAmount(this.amountText.value)
  );
  readonly busy: ReadonlySignal<boolean> = computed(() =>
    !["choose", "card", "done"].includes(this.phase.value.step)
  );
  #o: DepositModelOptions;
  #key: string | null = null;

  constructor(options: DepositModelOptions) {
    this.#o = options;
  }

  get #storage() {
    return this.#o.storage ?? globalThis.sessionStorage;
  }

  async load(): Promise<void> {
    try {
      const config = await this.#o.api.config();
      this.config.value = config;
      if (!config.providers.includes(this.provider.peek()) && config.providers.length) {
        this.provider.value = config.providers[0];
      }
      this.error.value = null;
    } catch (error) {
      this.error.value = moneyErrorText(error);
    }
  }

  choosePreset(amount: number): void {
    this.amountText.value = String(amount / 100);
    this.error.value = null;
    if (this.phase.peek().step === "done") this.phase.value = { step: "choose" };
  }

  /** Starts a deposit of the typed amount with the chosen provider. */
  async start(): Promise<void> {
    const amount = this.amount.peek();
    if (amount === null || amount < MIN_DEPOSIT) {
      this.error.value = "Enter an amount of at least 1.00, like 25 or 12.50.";
      return;
    }
    const provider = this.provider.peek();
    this.error.value = null;
    this.phase.value = { step: "starting" };
    // One key per attempt at this amount: a double tap or a retry after a lost answer is the same deposit.
    this.#key ??= newIdempotencyKey();
    try {
      const started = await this.#o.api.deposit({ amount, provider, idempotencyKey: this.#key });
      this.#key = null;
      const deposit = started.deposit;
      if (started.stripe) {
        const key = started.stripe.publishableKey ?? this.config.peek()?.stripePublishableKey;
        if (!key) {
          this.phase.value = { step: "choose" };
          this.error.value = "Card payments aren't available right now. Choose another way to pay.";
          return;
        }
        this.phase.value = {
          step: "card",
          deposit,
          stripe: { ...started.stripe, publishableKey: key },
        };
      } else if (started.paypal) {
        await this.#approve(deposit, started.paypal, amount);
      } else {
        this.#credited(deposit);
      }
    } catch (error) {
      // Refused for good: the next try is a new deposit. A lost answer keeps the key.
      if (error instanceof ApiError && error.status < 500) this.#key = null;
      this.#fail(error);
    }
  }

  async #approve(
    deposit: Deposit,
    paypal: { orderId: string; approveUrl: string | null },
    amount: number,
  ): Promise<void> {
    if (!paypal.approveUrl) {
      this.phase.value = { step: "choose" };
      this.error.value = TEXT_PAYPAL_UNAVAILABLE;
      return;
    }
    const pending: PendingPaypal = { depositId: deposit.id, orderId: paypal.orderId, amount };
    this.#storage.setItem(PAYPAL_PENDING_KEY, JSON.stringify(pending));
    this.phase.value = { step: "redirecting", approveUrl: paypal.approveUrl };
    const how = await (this.#o.open ?? openApproval)(paypal.approveUrl);
    if (how === "redirected") return;
    this.#storage.removeItem(PAYPAL_PENDING_KEY);
    await this.#capture(deposit.id);
  }

  async #capture(depositId: string): Promise<void> {
    this.phase.value = { step: "capturing" };
    try {
      const captured = await this.#o.api.capture(depositId);
      this.#credited(captured.deposit);
    } catch (error) {
      this.phase.value = { step: "choose" };
      this.error.value = error instanceof ApiError && error.status < 500
        ? "The PayPal payment was not completed. No money was taken."
        : moneyErrorText(error);
    }
  }

  /** Stripe took the card payment in the browser: wait for the webhook's credit. */
  async paid(deposit: Pick<Deposit, "id" | "amount">): Promise<void> {
    this.phase.value = { step: "waiting", deposit };
    const { pollMs = 2000, pollTries = 45 } = this.#o;
    const sleep = this.#o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    for (let i = 0; i < pollTries; i++) {
      await sleep(pollMs);
      if (this.phase.peek().step !== "waiting") return;
      try {
        const { items } = await this.#o.api.deposits({ limit: 20 });
        const found = items.find((d) => d.id === deposit.id);
        if (found?.state === "succeeded") return this.#credited(found);
        if (found?.state === "failed" || found?.state === "canceled") {
          this.phase.value = { step: "choose" };
          this.error.value = "The payment did not go through. No money was taken.";
          return;
        }
      } catch {
        // a hiccup while waiting: read again next time
      }
    }
    this.error.value =
      "Your payment is still being confirmed. It will show in your wallet when it lands.";
  }

  /** Stripe refused the card in the browser (its own words for card problems, else ours). */
  cardFailed(message: string | null): void {
    this.error.value = message ?? "The card payment did not go through. Try again.";
  }

  /**
   * Back from PayPal (`?token=<order id>`): captures the order of the
   * deposit kept before the redirect. Back without approving: forgets it.
   * Returns whether the address was such a return.
   */
  async resume(search: string): Promise<boolean> {
    const raw = this.#storage.getItem(PAYPAL_PENDING_KEY);
    if (!raw) return false;
    const params = new URLSearchParams(search);
    const token = params.get("token");
    let pending: PendingPaypal;
    try {
      pending = JSON.parse(raw);
    } catch {
      this.#storage.removeItem(PAYPAL_PENDING_KEY);
      return false;
    }
    if (!token || token !== pending.orderId) return false;
    this.#storage.removeItem(PAYPAL_PENDING_KEY);
    // PayPal sends the payer back with `PayerID` once approved; without it they canceled.
    if (!params.has("PayerID")) {
      this.error.value = "The PayPal payment was canceled. No money was taken.";
      return true;
    }
    await this.#capture(pending.depositId);
    return true;
  }

  /**
   * Back from a Stripe page the card needed (3-D Secure and the like:
   * `?deposit=<id>&redirect_status=`): waits for the webhook's credit.
   */
  resumeStripe(search: string): boolean {
    const params = new URLSearchParams(search);
    const id = params.get("deposit");
    const status = params.get("redirect_status");
    if (!id || !status) return false;
    if (status === "failed") {
      this.error.value = "The card payment did not go through. No money was taken.";
    } else void this.paid({ id, amount: 0 });
    return true;
  }

  /** Back to the form for another deposit. */
  reset(): void {
    this.phase.value = { step: "choose" };
    this.error.value = null;
  }

  #credited(deposit: Pick<Deposit, "id" | "amount" | "provider">): void {
    this.phase.value = { step: "done", deposit };
    this.#o.onCredited?.();
  }

  #fail(error: unknown): void {
    this.phase.value = { step: "choose" };
    this.error.value = moneyErrorText(error);
  }
}
