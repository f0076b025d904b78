/**
 * The bettor's money API (issue 15's contract): which deposit providers are
 * on, deposits through the sandbox, Stripe or PayPal, withdrawals,
 * responsible-play limits, time-outs and self-exclusion, the reality check,
 * and the history as a CSV file. Errors are {@linkcode ApiError}s with the
 * problem's `code`; money_errors.ts turns them into plain words.
 *
 * @example
 * ```ts
 * const money = createMoneyApi(auth.fetch);
 * const { providers } = await money.config();
 * ```
 * @module
 */
import { type AuthedFetch, queryString as query, requestJson, toApiError } from "../api.ts";
import type { Wallet } from "../betting/betting_api.ts";
import type { ListPage } from "../staff/paged_list.ts";

export type ProviderName = "sandbox" | "stripe" | "paypal";

/** `GET /api/payments/config`. */
export interface PaymentsConfig {
  providers: ProviderName[];
  stripePublishableKey: string | null;
  paypalClientId: string | null;
  demo: boolean;
  currency: string;
  /** One-tap amounts, minor units. */
  presets: number[];
}

export type DepositState = "created" | "succeeded" | "failed" | "canceled";

/** A deposit as `POST /api/wallet/deposits` and `GET /api/wallet/deposits` show it. */
export interface Deposit {
  id: string;
  amount: number;
  provider: ProviderName;
  state: DepositState;
  demo?: boolean;
  refunded?: number;
  createdAt?: string;
}

/** The answer of `POST /api/wallet/deposits` (the provider's part only for its provider). */
export interface DepositStart {
  deposit: Deposit;
  wallet?: Wallet;
  stripe?: { clientSecret: string; publishableKey: string | null; paymentIntentId: string };
  paypal?: { orderId: string; approveUrl: string | null };
}

export type WithdrawalState =
  | "requested"
  | "approved"
  | "paid"
  | "rejected"
  | "failed"
  | "canceled";

export interface Withdrawal {
  id: string;
  amount: number;
  currency: string;
  state: WithdrawalState;
  method: "stripe" | "paypal" | "manual" | null;
  reference: string | null;
  failure: string | null;
  requestedAt: string;
  decidedAt: string | null;
  paidAt: string | null;
  userId: string;
}

export type LimitKey = "depositDaily" | "depositWeekly" | "depositMonthly" | "lossDaily";
export const LIMIT_KEYS: readonly LimitKey[] = [
  "depositDaily",
  "depositWeekly",
  "depositMonthly",
  "lossDaily",
];

/** One limit in force: its amount, a raise waiting for its day, what the period used so far. */
export interface Limit {
  amount: number | null;
  pending: { amount: number | null; from: string } | null;
  used: number;
}

/** `GET /api/me/limits`. */
export interface Limits {
  limits: Partial<Record<LimitKey, Limit | null>>;
  timeOutUntil: string | null;
  selfExcludedUntil: string | null;
}

/** `GET /api/me/reality-check`: the play of this session. */
export interface RealityCheck {
  since: string;
  minutes: number;
  staked: number;
  won: number;
  net: number;
}

export interface MoneyApi {
  config(): Promise<PaymentsConfig>;
  deposit(body: { amount: number; provider: ProviderName; idempotencyKey: string }): Promise<
    DepositStart
  >;
  capture(depositId: string): Promise<DepositStart>;
  deposits(options?: { limit?: number; before?: string }): Promise<ListPage<Deposit>>;
  withdrawals(options?: { limit?: number; before?: string }): Promise<ListPage<Withdrawal>>;
  requestWithdrawal(amount: number, idempotencyKey: string): Promise<Withdrawal>;
  cancelWithdrawal(id: string): Promise<Withdrawal | undefined>;
  limits(): Promise<Limits>;
  setLimits(changes: Partial<Record<LimitKey, number | null>>): Promise<Limits>;
  timeOut(days: number): Promise<unknown>;
  selfExclude(days: number): Promise<unknown>;
  realityCheck(): Promise<RealityCheck>;
  /** The caller's history as a CSV file. */
  transactionsCsv(): Promise<Blob>;
}

/** A list answer as `{items, next}` (or a bare array, or `{<name>: [...]}`) as one page. */
export function toPage<T>(answer: unknown, name: string): ListPage<T> {
  if (Array.isArray(answer)) return { items: answer as T[], next: null };
  const a = (answer ?? {}) as Record<string, unknown>;
  const items = (Array.isArray(a.items) ? a.items : Array.isArray(a[name]) ? a[name] : []) as T[];
  return { items, next: typeof a.next === "string" ? a.next : null };
}

const id = (value: string) => encodeURIComponent(value);

export function createMoneyApi(doFetch: AuthedFetch): MoneyApi {
  const get = <T>(path: string) => requestJson<T>(doFetch, path);
  const post = <T>(path: string, body?: unknown) =>
    requestJson<T>(doFetch, path, { method: "POST", body: body ?? {} });
  return {
    config: () => get<PaymentsConfig>("/api/payments/config"),
    deposit: (body) => post<DepositStart>("/api/wallet/deposits", body),
    capture: (depositId) => post<DepositStart>(`/api/wallet/deposits/${id(depositId)}/capture`),
    deposits: async ({ limit, before } = {}) =>
      toPage<Deposit>(await get(`/api/wallet/deposits${query({ limit, before })}`), "deposits"),
    withdrawals: async ({ limit, before } = {}) =>
      toPage<Withdrawal>(
        await get(`/api/wallet/withdrawals${query({ limit, before })}`),
        "withdrawals",
      ),
    requestWithdrawal: async (amount, idempotencyKey) =>
      (await post<{ withdrawal: Withdrawal }>("/api/wallet/withdrawals", {
        amount,
        idempotencyKey,
      })).withdrawal,
    cancelWithdrawal: async (withdrawalId) =>
      (await post<{ withdrawal?: Withdrawal } | undefined>(
        `/api/wallet/withdrawals/${id(withdrawalId)}/cancel`,
      ))?.withdrawal,
    limits: () => get<Limits>("/api/me/limits"),
    setLimits: (changes) =>
      requestJson<Limits>(doFetch, "/api/me/limits", { method: "PUT", body: changes }),
    timeOut: (days) => post("/api/me/time-out", { days }),
    selfExclude: (days) => post("/api/me/self-exclusion", { days }),
    realityCheck: () => get<RealityCheck>("/api/me/reality-check"),
    transactionsCsv: async () => {
      const response = await doFetch("/api/wallet/transactions.csv", {
        headers: { accept: "text/csv" },
      });
      if (!response.ok) throw await toApiError(response);
      return await response.blob();
    },
  };
}
