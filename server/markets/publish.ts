/**
 * After a commit, the live updates a change owes: each changed market to its
 * lane (`market`), each changed bet to its bettor (`bet`) followed by their
 * wallet (`wallet`). Reads what was committed, so an update is never ahead
 * of the database; a failure is logged, never thrown at the caller whose
 * change is already committed.
 *
 * @example
 * ```ts ignore
 * await publishMarkets(deps, [marketId]);
 * await publishBets(deps, voidedBetIds);
 * ```
 * @module
 */
import {
  type Bet,
  LIVE_BET_EVENT,
  LIVE_MARKET_EVENT,
  LIVE_WALLET_EVENT,
  type Wallet,
} from "../../core/markets.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { walletOf as ledgerWallet } from "../ledger/wallet.ts";
import type { Role } from "../auth/roles.ts";
import type { LiveHub } from "../live/hub.ts";
import { publishToUser } from "../live/user_events.ts";
import { listBets, listMarkets } from "./repo.ts";
import { walletsOf } from "./settle_publish.ts";

export interface PublishDeps {
  db: { sql: Sql };
  live: LiveHub;
  ledger: Ledger;
  config: { SANDBOX_DEPOSITS: boolean };
}

/** A user's wallet as the live `wallet` event carries it (server/ledger/wallet.ts). */
export async function walletOf(
  deps: Omit<PublishDeps, "live">,
  sql: SqlOrTx,
  userId: string,
): Promise<Wallet> {
  const [user] = await sql<{ role: Role }[]>`select role from users where id = ${userId}`;
  return await ledgerWallet(sql, {
    ledger: deps.ledger,
    demo: deps.config.SANDBOX_DEPOSITS,
  }, { id: userId, role: user?.role ?? "spectator" });
}

function logged(what: string, err: unknown) {
  console.error(`markets: could not publish ${what}`, err);
}

/** Publishes the markets' current state to their lanes. */
export async function publishMarkets(deps: PublishDeps, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  try {
    const markets = await listMarkets(deps.db.sql, { ids, limit: ids.length });
    for (const m of markets) deps.live.publish(m.laneId, { type: LIVE_MARKET_EVENT, data: m });
  } catch (err) {
    logged("markets", err);
  }
}

/** Publishes each bet to its bettor, then each bettor's wallet once. */
export async function publishBets(deps: PublishDeps, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  try {
    const bets = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await deps.db.sql<{ id: string; user_id: string }[]>`
        select id, user_id from bets
        where id in (select unnest(${ids.slice(i, i + 1000) as string[]}::uuid[]))`;
      for (const r of rows) bets.set(r.user_id, [...(bets.get(r.user_id) ?? []), r.id]);
    }
    for (const [userId, own] of bets) {
      const list = await listBets(deps.db.sql, { userId, ids: own, limit: own.length });
      for (const bet of list) publishToUser(deps.live, userId, { type: LIVE_BET_EVENT, data: bet });
      await publishWallet(deps, userId);
    }
  } catch (err) {
    logged("bets", err);
  }
}

/** Publishes a bet just placed to its bettor (their wallet follows, throttled, from the route). */
export function publishPlacedBet(live: LiveHub, userId: string, bet: Bet): void {
  publishToUser(live, userId, { type: LIVE_BET_EVENT, data: bet });
}

/** Publishes several users' wallets as they stand, read together (one round trip). */
export async function publishWallets(deps: PublishDeps, userIds: readonly string[]): Promise<void> {
  try {
    const wallets = await walletsOf(
      deps.db.sql,
      deps.ledger.currency,
      userIds,
      deps.config.SANDBOX_DEPOSITS,
    );
    for (const [userId, wallet] of wallets) {
      publishToUser(deps.live, userId, { type: LIVE_WALLET_EVENT, data: wallet });
    }
  } catch (err) {
    logged("wallets", err);
  }
}

/** Publishes a user's wallet as it stands. */
export async function publishWallet(deps: PublishDeps, userId: string): Promise<void> {
  try {
    const wallet = await walletOf(deps, deps.db.sql, userId);
    publishToUser(deps.live, userId, { type: LIVE_WALLET_EVENT, data: wallet });
  } catch (err) {
    logged("a wallet", err);
  }
}
