/**
 * The bettor's view of the API: becoming a bettor, the wallet and its
 * transactions, sandbox deposits, a lane's markets, placing and listing bets,
 * and the live ticket that lets a lane's event stream carry the caller's own
 * `bet` and `wallet` events. Calls go through the signed-in user's
 * {@linkcode AuthedFetch} (a lane's markets are public, so signed-out
 * visitors may call that one too). Errors are {@linkcode ApiError}s with the
 * problem's `code` (`market-suspended`, `market-version-stale`,
 * `insufficient-funds`, `too_young`, …). Only types come from
 * core/markets.ts, so zod stays out of the bundle.
 *
 * @example
 * ```ts
 * const betting = createBettingApi(auth.fetch);
 * const { markets } = await betting.laneMarkets("1");
 * ```
 * @module
 */
import type { Bet, BetState, Market, Wallet, WalletTransaction } from "../../core/markets.ts";
import { type AuthedFetch, queryString as query, requestJson } from "../api.ts";

export type { Bet, BetState, Market, Wallet, WalletTransaction };

/** A page of a list, newest first; `next` is the `before` cursor of the page after it. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** The body of `POST /api/bets`. */
export interface PlaceBetBody {
  marketId: string;
  outcome: string;
  /** Minor units. */
  stake: number;
  marketVersion: number;
  idempotencyKey: string;
}

/** Which of the caller's bets `GET /api/bets` lists. */
export type BetFilter = "open" | "settled" | "void";

export interface BettingApi {
  becomeBettor(dateOfBirth: string, acceptTerms: boolean): Promise<unknown>;
  wallet(signal?: AbortSignal): Promise<Wallet>;
  transactions(options?: { limit?: number; before?: string }): Promise<Page<WalletTransaction>>;
  deposit(amount: number, idempotencyKey: string): Promise<unknown>;
  laneMarkets(laneId: string, signal?: AbortSignal): Promise<Market[]>;
  placeBet(body: PlaceBetBody): Promise<Bet>;
  bets(status: BetFilter, options?: { limit?: number; before?: string }): Promise<Page<Bet>>;
  /** A single-use ticket for the live stream (`?ticket=`). */
  liveTicket(): Promise<{ ticket: string; expiresAt: string }>;
}

export function createBettingApi(doFetch: AuthedFetch): BettingApi {
  return {
    becomeBettor: (dateOfBirth, acceptTerms) =>
      requestJson(doFetch, "/api/me/betting", {
        method: "POST",
        body: { dateOfBirth, acceptTerms },
      }),
    wallet: (signal) => requestJson<Wallet>(doFetch, "/api/wallet", { signal }),
    transactions: async ({ limit, before } = {}) => {
      const page = await requestJson<{ items: WalletTransaction[]; next?: string | null }>(
        doFetch,
        `/api/wallet/transactions${query({ limit, before })}`,
      );
      return { items: page.items, next: page.next ?? null };
    },
    deposit: (amount, idempotencyKey) =>
      requestJson(doFetch, "/api/wallet/deposits", {
        method: "POST",
        body: { amount, provider: "sandbox", idempotencyKey },
      }),
    laneMarkets: async (laneId, signal) =>
      (await requestJson<{ markets: Market[] }>(
        doFetch,
        `/api/lanes/${encodeURIComponent(laneId)}/markets`,
        { signal },
      )).markets,
    placeBet: async (body) =>
      (await requestJson<{ bet: Bet }>(doFetch, "/api/bets", { method: "POST", body })).bet,
    bets: async (status, { limit, before } = {}) => {
      const page = await requestJson<{ bets: Bet[]; next?: string | null }>(
        doFetch,
        `/api/bets${query({ status, limit, before })}`,
      );
      return { items: page.bets, next: page.next ?? null };
    },
    liveTicket: () =>
      requestJson<{ ticket: string; expiresAt: string }>(doFetch, "/api/live/tickets", {
        method: "POST",
      }),
  };
}

/** A fresh idempotency key (what PlaceBetSchema and DepositSchema accept). */
export function newIdempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}
