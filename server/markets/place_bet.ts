/**
 * Placing a bet, in one transaction: the idempotency key first (the same key
 * and body return the first bet; another body is refused), then the market
 * row `FOR KEY SHARE` — a suspension's `FOR UPDATE` waits for bets in flight,
 * and a bet after it sees "suspended" — its state and version, the outcome,
 * the stake's hold (bettor → the market's escrow, `stake:<betId>`), and last
 * the bet row, stamped with the database's clock so its `placed_at` is as
 * close to its commit as it can be (the past-posting sweep compares it with
 * the ball's approach).
 *
 * @example
 * ```ts ignore
 * const { bet, created } = await placeBet(deps, user, body); // 201 when created, else 200
 * ```
 * @module
 */
import type { Bet, PlaceBet } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { assertMayBet } from "../ledger/wallet.ts";
import { findBetByKey, getBet, getMarketTerms, insertBet, type MarketTerms } from "./repo.ts";
import { isOutcomeOf } from "./outcomes.ts";
import { holdIdOf } from "./bet_ids.ts";

export interface PlaceBetDeps {
  db: { sql: Sql };
  ledger: Ledger;
}

/** Only bettors bet: staff and admins never (403 `staff_may_not_bet`), spectators not yet (`not_a_bettor`). */
export function requireBettor(user: AuthUser): void {
  assertMayBet(user.role);
}

/** sha256 of what the bet asks for: the same idempotency key with another body is refused. */
export async function betDigest(b: PlaceBet): Promise<string> {
  const text = JSON.stringify([b.marketId, b.outcome, b.stake, b.marketVersion]);
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Raised inside the transaction when a concurrent request took the key first. */
class KeyTaken extends Error {}

function checkMarket(m: MarketTerms | null, b: PlaceBet): MarketTerms {
  if (!m) throw new DomainError("unknown_market", `Cannot find market "${b.marketId}"`);
  if (m.state !== "open") {
    throw new DomainError("market-suspended", `Market "${m.id}" is ${m.state}, not open`, {
      state: m.state,
      version: m.version,
    });
  }
  if (m.version !== b.marketVersion) {
    throw new DomainError(
      "market-version-stale",
      `Market "${m.id}" is at version ${m.version}, not ${b.marketVersion}`,
      { state: m.state, version: m.version },
    );
  }
  if (!isOutcomeOf(m.kind, b.outcome)) {
    throw new DomainError("unknown_outcome", `Market "${m.id}" has no outcome "${b.outcome}"`);
  }
  return m;
}

/** The bet this key placed before (its digest must match), or null. */
async function replay(sql: SqlOrTx, user: AuthUser, b: PlaceBet, digest: string) {
  const first = await findBetByKey(sql, user.id, b.idempotencyKey);
  if (!first) return null;
  if (first.requestDigest !== digest) {
    throw new DomainError(
      "idempotency_key_reused",
      `Idempotency key "${b.idempotencyKey}" was used for another bet`,
    );
  }
  return await getBet(sql, first.id, user.id);
}

/** Places `b` for `user`; `created` is false when the key returned an earlier bet. */
export async function placeBet(
  deps: PlaceBetDeps,
  user: AuthUser,
  b: PlaceBet,
): Promise<{ bet: Bet; created: boolean; laneId: string }> {
  requireBettor(user);
  const digest = await betDigest(b);
  try {
    const placed = await deps.db.sql.begin(async (tx) => {
      // Pipelined on the connection: the key's earlier bet and the market row, one round trip.
      const [earlier, terms] = await Promise.all([
        replay(tx, user, b, digest),
        getMarketTerms(tx, b.marketId, "key share"),
      ]);
      if (earlier) return { bet: earlier, created: false };
      const m = checkMarket(terms, b);
      const id = crypto.randomUUID();
      await deps.ledger.hold(tx, {
        id: holdIdOf(id),
        debit: { kind: "user", owner: user.id },
        credit: { kind: "escrow", owner: m.id },
        amount: b.stake,
        code: "stake",
        marketId: m.id,
        betId: id,
      });
      // The bet read back is pipelined behind its insert (null when the key was taken).
      const [row, bet] = await Promise.all([
        insertBet(tx, {
          id,
          userId: user.id,
          marketId: m.id,
          outcome: b.outcome,
          stake: b.stake,
          currency: m.currency,
          marketVersion: b.marketVersion,
          idempotencyKey: b.idempotencyKey,
          requestDigest: digest,
          holdId: holdIdOf(id),
        }),
        getBet(tx, id),
      ]);
      if (!row || !bet) throw new KeyTaken();
      return { bet, created: true };
    });
    return { ...placed, laneId: placed.bet.market.laneId };
  } catch (err) {
    if (!(err instanceof KeyTaken)) throw err;
    const first = await replay(deps.db.sql, user, b, digest);
    if (!first) throw err;
    return { bet: first, created: false, laneId: first.market.laneId };
  }
}
