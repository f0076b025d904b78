/**
 * Placing bets, many in one transaction, each judged alone: the idempotency
 * key first (the same key and body return the first bet; another body is
 * refused), then the market row `FOR KEY SHARE` — a suspension's `FOR UPDATE`
 * waits for bets in flight, and a bet after it sees "suspended" — its state
 * and version, the outcome, the stake's hold (bettor → the market's escrow,
 * `stake:<betId>`; one that the wallet cannot cover is refused alone), and
 * last the bet rows, stamped with the database's clock so each `placed_at` is
 * as close to its commit as it can be (the past-posting sweep compares it
 * with the ball's approach).
 *
 * The HTTP route goes through a {@linkcode createBetQueue}: requests that
 * arrive while a batch is in the database wait and go together in the next
 * one (group commit), so a burst of bets costs a few transactions, not one
 * each. A batch that fails as a whole (a key raced by another server, a
 * deadlock) is retried one request at a time, so one request never fails
 * another.
 *
 * @example
 * ```ts ignore
 * const { bet, created } = await placeBet(deps, user, body); // 201 when created, else 200
 * const queue = createBetQueue(deps);
 * const same = await queue.place(user, body); // the same, batched with concurrent requests
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import type { Bet, PlaceBet } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { assertMayBet } from "../ledger/wallet.ts";
import {
  type BetMarket,
  findBetsByKeys,
  insertBets,
  listBets,
  lockMarketTerms,
  type NewBet,
  newBetOf,
} from "./repo.ts";
import { isOutcomeOf } from "./outcomes.ts";
import { holdIdOf } from "./bet_ids.ts";
import { judgeBets } from "../responsible/checks.ts";
import { bettorStates } from "../responsible/repo.ts";

export interface PlaceBetDeps {
  db: { sql: Sql };
  ledger: Ledger;
  /** The clock responsible-play limits are judged by (tests inject one). */
  now?: () => Date;
}

/** Only bettors bet: staff and admins never (403 `staff_may_not_bet`), spectators not yet (`not_a_bettor`). */
export function requireBettor(user: AuthUser): void {
  assertMayBet(user.role);
}

/** sha256 of what the bet asks for: the same idempotency key with another body is refused. */
export function betDigest(b: PlaceBet): string {
  const text = JSON.stringify([b.marketId, b.outcome, b.stake, b.marketVersion]);
  // Synchronous: Web Crypto's digest is a promise per bet, a measurable share of a bet's CPU.
  return createHash("sha256").update(text).digest("hex");
}

/** Raised inside the transaction when a concurrent request took a key first. */
class KeyTaken extends Error {}

/** Ends a transaction that placed nothing, so it leaves nothing behind (not even a new account). */
class NothingPlaced extends Error {
  constructor(readonly decided: { results: Map<number, BetResult>; later: number[] }) {
    super("nothing placed");
  }
}

/** One request to place a bet. */
export interface BetRequest {
  user: AuthUser;
  body: PlaceBet;
}

/** A placed bet: `created` is false when the key returned an earlier bet. */
export interface Placed {
  bet: Bet;
  created: boolean;
  laneId: string;
}

/** What became of one request: its bet, or the error it met. */
export type BetResult = { ok: true; value: Placed } | { ok: false; error: unknown };

const failed = (error: unknown): BetResult => ({ ok: false, error });
const keyOf = (r: BetRequest) => `${r.user.id}\u0000${r.body.idempotencyKey}`;

function checkMarket(m: BetMarket | undefined, b: PlaceBet): BetMarket {
  // A hidden lane's market does not exist for bettors (staff, who see hidden lanes, never bet).
  if (!m || m.laneHidden) {
    throw new DomainError("unknown_market", `Cannot find market "${b.marketId}"`);
  }
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

const keyReused = (b: PlaceBet) =>
  new DomainError(
    "idempotency_key_reused",
    `Idempotency key "${b.idempotencyKey}" was used for another bet`,
  );

/** A bet the batch places: the request's index, the new id, its market. */
interface Candidate {
  i: number;
  id: string;
  market: BetMarket;
}

/**
 * Decides `reqs` (by index in `todo`) in transaction `tx`. A request whose
 * key another request of the same batch used first is left for `later`.
 */
async function decide(
  tx: SqlOrTx,
  deps: PlaceBetDeps,
  reqs: readonly BetRequest[],
  digests: readonly string[],
  todo: readonly number[],
): Promise<{ results: Map<number, BetResult>; later: number[] }> {
  const results = new Map<number, BetResult>();
  const later: number[] = [];
  const now = deps.now?.() ?? new Date();
  const [earlier, terms, bettors] = await Promise.all([
    findBetsByKeys(
      tx,
      todo.map((i) => ({ userId: reqs[i].user.id, key: reqs[i].body.idempotencyKey })),
    ),
    lockMarketTerms(tx, todo.map((i) => reqs[i].body.marketId)),
    // Exclusions and loss limits of the batch's bettors: one statement, pipelined with the rest.
    bettorStates(tx, todo.map((i) => reqs[i].user.id), now),
  ]);
  const byKey = new Map(earlier.map((b) => [`${b.userId}\u0000${b.idempotencyKey}`, b]));
  const seen = new Set<string>();
  const replays: { i: number; id: string }[] = [];
  const checked: Candidate[] = [];
  const candidates: Candidate[] = [];
  for (const i of todo) {
    const { body } = reqs[i];
    const key = keyOf(reqs[i]);
    const first = byKey.get(key);
    if (first) {
      if (first.requestDigest === digests[i]) replays.push({ i, id: first.id });
      else results.set(i, failed(keyReused(body)));
    } else if (seen.has(key)) later.push(i);
    else {
      seen.add(key);
      try {
        checked.push({
          i,
          id: crypto.randomUUID(),
          market: checkMarket(terms.get(body.marketId.toLowerCase()), body),
        });
      } catch (err) {
        results.set(i, failed(err));
      }
    }
  }
  const limits = judgeBets(
    bettors,
    checked.map(({ i }) => ({ userId: reqs[i].user.id, stake: reqs[i].body.stake })),
    now,
  );
  checked.forEach((c, k) => {
    const refusal = limits[k];
    if (refusal) results.set(c.i, failed(refusal));
    else candidates.push(c);
  });
  const { refused } = await deps.ledger.holdMany(
    tx,
    candidates.map(({ i, id, market }) => ({
      id: holdIdOf(id),
      debit: { kind: "user" as const, owner: reqs[i].user.id },
      credit: { kind: "escrow" as const, owner: market.id },
      amount: reqs[i].body.stake,
      code: "stake",
      marketId: market.id,
      betId: id,
    })),
    // Any failure rolls the whole batch back (and placeBets retries each request alone).
    { wholeTransaction: true },
  );
  const accepted: Candidate[] = [];
  for (const c of candidates) {
    const short = refused.get(holdIdOf(c.id));
    if (!short) accepted.push(c);
    else {
      results.set(
        c.i,
        failed(new DomainError("insufficient-funds", "Not enough available in the wallet", short)),
      );
    }
  }
  const rows: NewBet[] = accepted.map(({ i, id, market }) => ({
    id,
    userId: reqs[i].user.id,
    marketId: market.id,
    outcome: reqs[i].body.outcome,
    stake: reqs[i].body.stake,
    currency: market.currency,
    marketVersion: reqs[i].body.marketVersion,
    idempotencyKey: reqs[i].body.idempotencyKey,
    requestDigest: digests[i],
    holdId: holdIdOf(id),
  }));
  const ids = replays.map((r) => r.id);
  // New bets are built from what was written and their locked market; only replays are read
  // back, pipelined behind the insert.
  const [written, earlierBets] = await Promise.all([
    insertBets(tx, rows),
    ids.length ? listBets(tx, { ids, limit: ids.length }) : Promise.resolve([]),
  ]);
  if (written.size < rows.length) throw new KeyTaken();
  const byId = new Map(earlierBets.map((b) => [b.id, b]));
  const placed = (i: number, bet: Bet, created: boolean) =>
    results.set(i, { ok: true, value: { bet, created, laneId: bet.market.laneId } });
  rows.forEach((row, k) =>
    placed(accepted[k].i, newBetOf(row, written.get(row.id)!, accepted[k].market.row), true)
  );
  for (const r of replays) placed(r.i, byId.get(r.id)!, false);
  if (!rows.length) throw new NothingPlaced({ results, later });
  return { results, later };
}

/**
 * Places `reqs`, as many as it can in one transaction; one result per
 * request, in order. Never throws for a request's own fault.
 */
export async function placeBets(
  deps: PlaceBetDeps,
  reqs: readonly BetRequest[],
): Promise<BetResult[]> {
  const out: BetResult[] = new Array(reqs.length);
  const digests = reqs.map((r) => betDigest(r.body));
  const todo: number[] = [];
  reqs.forEach((r, i) => {
    try {
      requireBettor(r.user);
      todo.push(i);
    } catch (err) {
      out[i] = failed(err);
    }
  });
  if (!todo.length) return out;
  let later: number[] = [];
  try {
    const decided = await deps.db.sql.begin((tx) => decide(tx, deps, reqs, digests, todo))
      .catch((err) => {
        if (err instanceof NothingPlaced) return err.decided;
        throw err;
      });
    for (const [i, r] of decided.results) out[i] = r;
    later = decided.later;
  } catch (err) {
    if (todo.length > 1) {
      // Nothing of the batch was written: each request again on its own.
      const alone = await Promise.all(todo.map((i) => placeBets(deps, [reqs[i]])));
      todo.forEach((i, k) => out[i] = alone[k][0]);
      return out;
    }
    out[todo[0]] = err instanceof KeyTaken
      ? await raced(deps, reqs[todo[0]], digests[todo[0]], err)
      : failed(err);
  }
  // A key used twice in the batch: the second sees what the first left.
  if (later.length) {
    const again = await placeBets(deps, later.map((i) => reqs[i]));
    later.forEach((i, k) => out[i] = again[k]);
  }
  return out;
}

/** A request whose key a concurrent request took: that bet, if the body is the same. */
async function raced(
  deps: PlaceBetDeps,
  req: BetRequest,
  digest: string,
  err: KeyTaken,
): Promise<BetResult> {
  const [first] = await findBetsByKeys(deps.db.sql, [{
    userId: req.user.id,
    key: req.body.idempotencyKey,
  }]);
  if (!first) return failed(err);
  if (first.requestDigest !== digest) return failed(keyReused(req.body));
  const [bet] = await listBets(deps.db.sql, { ids: [first.id], userId: req.user.id, limit: 1 });
  return { ok: true, value: { bet, created: false, laneId: bet.market.laneId } };
}

/** Places `b` for `user` alone; throws what the request met. */
export async function placeBet(deps: PlaceBetDeps, user: AuthUser, b: PlaceBet): Promise<Placed> {
  const [r] = await placeBets(deps, [{ user, body: b }]);
  if (!r.ok) throw r.error;
  return r.value;
}

export interface BetQueueOptions {
  /** The most requests in one transaction. */
  maxBatch?: number;
  /** Transactions in flight at once (each holds a database connection). */
  concurrency?: number;
}

/**
 * Group commit for bets: `place` queues a request; while fewer than
 * `concurrency` batches are in the database, the waiting requests (up to
 * `maxBatch`) go in the next one. Alone, a request goes at once.
 */
export function createBetQueue(
  deps: PlaceBetDeps,
  { maxBatch = 200, concurrency = 2 }: BetQueueOptions = {},
): { place(user: AuthUser, b: PlaceBet): Promise<Placed> } {
  const waiting: { req: BetRequest; done: (r: BetResult) => void }[] = [];
  let running = 0;
  const pump = () => {
    while (running < concurrency && waiting.length) {
      const batch = waiting.splice(0, maxBatch);
      running++;
      placeBets(deps, batch.map((w) => w.req))
        .then(
          (results) => batch.forEach((w, i) => w.done(results[i])),
          (err) => batch.forEach((w) => w.done(failed(err))),
        )
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return {
    place(user, body) {
      requireBettor(user);
      return new Promise((resolve, reject) => {
        waiting.push({
          req: { user, body },
          done: (r) => r.ok ? resolve(r.value) : reject(r.error),
        });
        pump();
      });
    },
  };
}
