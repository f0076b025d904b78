/**
 * What settlement tells the world once its transaction commits: each
 * changed market to its lane (`market`), each bettor's changed bets in one
 * event (`bets`; `bet` when only one changed; built and serialized before the
 * commit, while the database writes) and their new wallet (`wallet`). Built from what the settlement already holds — the bets it changed and one balance read for all their
 * bettors — so a market of 10,000 bets costs no extra round trip per bet.
 * @module
 */
import {
  type Bet,
  LIVE_BET_EVENT,
  LIVE_BETS_EVENT,
  LIVE_MARKET_EVENT,
  LIVE_WALLET_EVENT,
  type Wallet,
} from "../../core/markets.ts";
import { postedOpenStakes } from "../ledger/wallet.ts";
import type { SqlOrTx } from "../db.ts";
import type { LiveEvent, LiveHub } from "../live/hub.ts";
import { eventFrame } from "../live/sse.ts";
import { publishToUser } from "../live/user_events.ts";
import { type BetRow, type MarketRow, toBet, toMarket } from "./repo.ts";
import type { BetChange } from "./settle_money.ts";

/** A market as settlement left it, with every one of its bets. */
export interface Settled {
  market: MarketRow;
  bets: BetRow[];
}

/** The bets with their changes applied (in memory), and the market's pools from them. */
export function applyChanges(
  market: MarketRow,
  bets: readonly BetRow[],
  changes: readonly BetChange[],
): Settled {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const now = new Date();
  const after = bets.map((b) => {
    const c = byId.get(b.id);
    return c
      ? { ...b, state: c.state, payout: c.payout, voidReason: c.voidReason, settledAt: now }
      : b;
  });
  const pools: Record<string, number> = {};
  for (const b of after) {
    if (b.state !== "void") pools[b.outcome] = (pools[b.outcome] ?? 0) + b.stake;
  }
  return { market: { ...market, pools }, bets: after };
}

/** Wallets of the given users in one query (the shape of server/ledger/wallet.ts `walletOf`). */
export async function walletsOf(
  sql: SqlOrTx,
  currency: string,
  userIds: readonly string[],
  demo: boolean,
): Promise<Map<string, Wallet>> {
  const out = new Map<string, Wallet>();
  if (!userIds.length) return out;
  const [rows, inPlay] = await Promise.all([
    sql<{ owner: string; posted: string; pending: string; role: string }[]>`
      select a.owner, a.credits_posted - a.debits_posted as posted, a.debits_pending as pending,
        u.role
      from ledger_accounts a join users u on u.id::text = a.owner
      where a.kind = 'user' and a.currency = ${currency}
        and a.owner = any(${userIds as string[]}::text[])`,
    postedOpenStakes(sql, userIds),
  ]);
  for (const r of rows) {
    const posted = inPlay.get(r.owner) ?? 0;
    const balance = Number(r.posted) + posted;
    const pending = Number(r.pending) + posted;
    out.set(r.owner, {
      currency,
      available: balance - pending,
      pending,
      balance,
      demo,
      bettor: r.role === "bettor",
    });
  }
  return out;
}

/** Each bettor's one event of their changed bets (`bet`, or `bets` for several), by user id. */
export type BetEvents = Map<string, LiveEvent>;

/**
 * Each bettor's changed bets as one event (10,000 bets of 64 bettors are 64
 * events, not 10,000), serialized now ({@linkcode eventFrame} keeps the
 * text), so that publishing after the commit only writes them out.
 */
export function prepareBetEvents(
  settled: readonly Settled[],
  changed: ReadonlySet<string>,
): BetEvents {
  const byUser = new Map<string, Bet[]>();
  for (const { market, bets } of settled) {
    for (const b of bets) {
      if (!changed.has(b.id)) continue;
      const mine = byUser.get(b.userId);
      if (mine) mine.push(toBet(b, market));
      else byUser.set(b.userId, [toBet(b, market)]);
    }
  }
  const events: BetEvents = new Map();
  for (const [userId, bets] of byUser) {
    const event = bets.length === 1
      ? { type: LIVE_BET_EVENT, data: bets[0] }
      : { type: LIVE_BETS_EVENT, data: bets };
    eventFrame(event);
    events.set(userId, event);
  }
  return events;
}

/** After commit: each market to its lane, each bettor's bet event, each wallet. */
export function publishSettled(
  live: LiveHub,
  settled: readonly Settled[],
  betEvents: BetEvents,
  wallets: ReadonlyMap<string, Wallet>,
): () => void {
  return () => {
    for (const { market } of settled) {
      live.publish(market.laneId, { type: LIVE_MARKET_EVENT, data: toMarket(market) });
    }
    for (const [userId, event] of betEvents) publishToUser(live, userId, event);
    for (const [userId, wallet] of wallets) {
      publishToUser(live, userId, { type: LIVE_WALLET_EVENT, data: wallet });
    }
  };
}

/** The bettors whose bets changed. */
export function bettorsOf(settled: readonly Settled[], changed: ReadonlySet<string>): string[] {
  const users = new Set<string>();
  for (const s of settled) for (const b of s.bets) if (changed.has(b.id)) users.add(b.userId);
  return [...users];
}
