/**
 * The `ball.settle` outbox handler: a ball recorded into a session (the AI's,
 * a staff ball, a confirmed review) determines the markets on that ball and
 * pays them out, all in the consumer's transaction, so the money, the bets,
 * the markets and the fact's `done_at` commit together; a re-run finds the
 * markets determined and does nothing. Bets placed at or after the ball's
 * cutoff (its `approach`, else `release`, capture time from the shot itself
 * or from the live event that suspended the market, shifted by
 * `BET_ACCEPT_DELAY_MS`) are voided first, so a late bet never wins even
 * when the live event never came. After commit: `market` to the lane,
 * `bet` and `wallet` to each bettor.
 *
 * @example
 * ```ts ignore
 * const outbox = createOutboxConsumer({ sql, handlers: { [BALL_SETTLE]: ballSettleHandler(deps) } });
 * ```
 * @module
 */
import { outcomeOf } from "../../core/market_kinds.ts";
import { ballCutoffMs, isPastPosted, type TimedEvent } from "../../core/past_post.ts";
import type { Shot } from "../../core/shot_report.ts";
import { allOnConnection, type SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import type { LiveHub } from "../live/hub.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { getShot } from "../shots/repo.ts";
import { type BallOnSheet, ballOnSheet } from "./ball_on_sheet.ts";
import { type BetRow, listBetRows, type MarketRow } from "./repo.ts";
import { applyPlans, type MoneyPlan, planDetermination, planVoidOpen } from "./settle_money.ts";
import {
  applyChanges,
  type BetEvents,
  bettorsOf,
  prepareBetEvents,
  publishSettled,
  type Settled,
  walletsOf,
} from "./settle_publish.ts";
import { lockBallMarkets, type MarketChange, saveMarket, withChange } from "./settle_repo.ts";
import { stateAfter } from "./settle_state.ts";

export interface SettleDeps {
  ledger: Ledger;
  live: LiveHub;
  /** BET_ACCEPT_DELAY_MS: grace (or, negative, margin) after the cutoff event. */
  betAcceptDelayMs: number;
  /** Whether wallets hold demo (sandbox) money. */
  demo: boolean;
}

/** Why a market with no result for its ball is void. */
export const NO_RESULT_REASON = "No result: the ball's launch speed was not measured";

export function ballSettleHandler(deps: SettleDeps): OutboxHandler {
  return async (tx, fact) => {
    const ball = await ballOnSheet(tx, fact.factId);
    if (!ball) return;
    const markets = (await lockBallMarkets(tx, ball)).filter((m) =>
      m.state === "open" || m.state === "suspended"
    );
    if (!markets.length) return;
    const shot = ball.shotId ? await getShot(tx, ball.shotId) : null;
    const settled = await settleBall(tx, deps, ball, shot, markets);
    return await afterSettling(tx, deps, settled);
  };
}

/** Who decided a market's winner when it is not the ball's own result (a video resolution). */
export interface WinnerOverride {
  winnerOf: (m: MarketRow) => string | null;
  /** Why a market with no winner is void. */
  voidReason: string;
}

/**
 * Determines `markets` (open or suspended, locked) with the ball's result
 * (or `override`'s winner) and pays them.
 */
export async function settleBall(
  tx: SqlOrTx,
  deps: SettleDeps,
  ball: Pick<BallOnSheet, "standingBefore" | "standingAfter" | "foul" | "shotId">,
  shot: Shot | null,
  markets: readonly MarketRow[],
  override?: WinnerOverride,
): Promise<SettledBall> {
  const [rows, posted] = await Promise.all([
    listBetRows(tx, markets.map((m) => m.id)),
    stakesPosted(tx, markets),
  ]);
  const bets = groupBets(rows);
  const result = {
    standingBefore: ball.standingBefore,
    standingAfter: ball.standingAfter,
    foul: ball.foul,
    launchSpeedMph: shot?.metrics?.launchSpeedMph ?? null,
  };
  const winnerOf = override?.winnerOf ?? ((m: MarketRow) => outcomeOf(m.kind, m.line, result));
  const plans: MoneyPlan[][] = [];
  for (const m of markets) {
    const mine = bets.get(m.id) ?? [];
    const cutoff = cutoffOf(m, shot, deps.betAcceptDelayMs);
    const late = mine.filter((b) =>
      b.state === "open" && cutoff !== null && isPastPosted(b.placedAt.getTime(), cutoff)
    );
    const open = mine.filter((b) => b.state === "open" && !late.includes(b));
    const winner = winnerOf(m);
    plans.push([
      planVoidOpen(m, late, "past-posted"),
      planDetermination(m, open, winner, m.determinations + 1, posted.has(m.id)),
    ]);
  }
  // Everything goes to the database at once, pipelined on the transaction's connection: the
  // money, the bets' new states and each market's. While the database works through them
  // (the bulk of a large market's settlement), the bets as they will be and their bettors'
  // events are built here, so the commit is followed only by writes to the live streams.
  const changes = markets.map((m, i): MarketChange => {
    const [, plan] = plans[i];
    const winner = plan.outcome === "void" ? null : winnerOf(m);
    return winner === null
      ? {
        state: stateAfter(m.state, "void"),
        voidReason: override?.voidReason ?? NO_RESULT_REASON,
        reviewReason: null,
      }
      : {
        state: stateAfter(m.state, "determine"),
        result: winner,
        determinations: m.determinations + 1,
        determined: true,
        reviewReason: null,
        shotId: ball.shotId ?? m.shotId,
      };
  });
  const writing = allOnConnection([
    applyPlans(tx, deps.ledger, plans.flat()),
    allOnConnection(markets.map((m, i) => saveMarket(tx, m, changes[i]))),
  ]);
  const changed = new Set<string>();
  const settled = markets.map((m, i): Settled => {
    const [late, plan] = plans[i];
    const betChanges = [...late.bets, ...plan.bets];
    for (const c of betChanges) changed.add(c.id);
    // The market as saveMarket leaves it, but for its new version (set once it is saved).
    return applyChanges(withChange(m, changes[i]), bets.get(m.id) ?? [], betChanges);
  });
  const prepared = prepareBetEvents(settled, changed);
  const [, saved] = await writing;
  saved.forEach((row, i) => settled[i].market = { ...row, pools: settled[i].market.pools });
  return { settled, changed, prepared };
}

/** What {@linkcode settleBall} did: the markets with their bets, the ids of the bets it changed. */
export interface SettledBall {
  settled: Settled[];
  changed: Set<string>;
  /** Each bettor's event of their changed bets, built while the database wrote them. */
  prepared?: BetEvents;
}

/** Reads the bettors' new wallets (one query) and returns the after-commit publisher. */
export async function afterSettling(
  tx: SqlOrTx,
  deps: SettleDeps,
  s: SettledBall,
): Promise<() => void> {
  const wallets = await walletsOf(
    tx,
    deps.ledger.currency,
    bettorsOf(s.settled, s.changed),
    deps.demo,
  );
  const events = s.prepared ?? prepareBetEvents(s.settled, s.changed);
  return publishSettled(deps.live, s.settled, events, wallets);
}

/**
 * The markets whose stakes were all posted when they suspended
 * (server/markets/post_stakes.ts) and that have not changed since: no bet
 * can have joined them, so settlement need not post anything.
 */
async function stakesPosted(tx: SqlOrTx, markets: readonly MarketRow[]): Promise<Set<string>> {
  const rows = await tx<{ id: string; version: number }[]>`
    select id, stakes_posted_version as version from markets
    where id in (select unnest(${markets.map((m) => m.id)}::uuid[]))
      and stakes_posted_version is not null`;
  const at = new Map(markets.map((m) => [m.id, m.version]));
  return new Set(rows.filter((r) => r.version === at.get(r.id)).map((r) => r.id));
}

export function groupBets(rows: readonly BetRow[]): Map<string, BetRow[]> {
  const out = new Map<string, BetRow[]>();
  for (const b of rows) {
    const list = out.get(b.marketId);
    if (list) list.push(b);
    else out.set(b.marketId, [b]);
  }
  return out;
}

/**
 * The market's cutoff from every suspending event known: the shot's own
 * approach/release and the live event that suspended the market (the
 * earliest wins, so the order they arrived in does not matter).
 */
export function cutoffOf(
  m: Pick<MarketRow, "suspendCaptureMs">,
  shot: Pick<Shot, "events"> | null,
  delayMs: number,
): number | null {
  const events: TimedEvent[] = [...(shot?.events ?? [])];
  if (m.suspendCaptureMs !== null) {
    events.push({ type: "approach", captureTimeMs: m.suspendCaptureMs });
  }
  return ballCutoffMs(events, delayMs);
}
