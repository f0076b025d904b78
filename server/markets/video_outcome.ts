/**
 * A market's result from a video (a staff-attached upload's resolution, or
 * staff deciding one in the video review queue), through the settlement
 * path every other result takes: an open or suspended market is determined
 * and paid (`settleBall`), a determined or disputed one whose result differs
 * is reversed and paid again (`redetermine`), one whose result is the same
 * moves nothing. A finalized or void market is 409 `market_closed`.
 * @module
 */
import { DomainError } from "../../core/problem.ts";
import type { SqlOrTx } from "../db.ts";
import { redetermine } from "./redetermine.ts";
import { listBetRows, type MarketRow } from "./repo.ts";
import { afterSettling, settleBall, type SettleDeps } from "./settle.ts";
import { saveMarket } from "./settle_repo.ts";
import { stateAfter } from "./settle_state.ts";

/** Why a market a video found no winner for is void. */
export const VIDEO_VOID_REASON = "No result: the video's read is exactly on the line or unmeasured";

/** Refuses a market whose result is final: 409 `market_closed`. */
export function assertNotFinal(m: Pick<MarketRow, "id" | "state">): void {
  if (m.state === "finalized" || m.state === "void") {
    throw new DomainError(
      "market_closed",
      `Market "${m.id}" is ${m.state}: its result can no longer change`,
      { marketId: m.id, state: m.state },
    );
  }
}

export interface VideoOutcome {
  /** Whether money moved (a determination or a reversal and new payouts). */
  moved: boolean;
  /** The market's state afterwards. */
  state: string;
  /** After commit: the market, bets and wallets to their channels. */
  publish: () => void;
}

/** Gives locked market `m` the winner `winner` (null: void) inside `tx`. */
export async function applyVideoOutcome(
  tx: SqlOrTx,
  deps: SettleDeps,
  m: MarketRow,
  winner: string | null,
): Promise<VideoOutcome> {
  assertNotFinal(m);
  if (m.state === "open" || m.state === "suspended") {
    const done = await settleBall(
      tx,
      deps,
      { standingBefore: m.standing, standingAfter: m.standing, foul: false, shotId: null },
      null,
      [m],
      { winnerOf: () => winner, voidReason: VIDEO_VOID_REASON },
    );
    return {
      moved: true,
      state: done.settled[0].market.state,
      publish: await afterSettling(tx, deps, done),
    };
  }
  if (winner === m.result) {
    if (m.state !== "disputed") return { moved: false, state: m.state, publish: () => {} };
    const saved = await saveMarket(tx, m, { state: stateAfter(m.state, "resolve") });
    const publish = await afterSettling(tx, deps, {
      settled: [{ market: saved, bets: [] }],
      changed: new Set(),
    });
    return { moved: false, state: saved.state, publish };
  }
  const bets = await listBetRows(tx, [m.id]);
  const r = await redetermine(tx, deps.ledger, m, bets, winner, {
    action: "determine",
    voidReason: VIDEO_VOID_REASON,
  });
  const publish = await afterSettling(tx, deps, {
    settled: [r.settled],
    changed: new Set(r.changed),
  });
  return { moved: true, state: r.settled.market.state, publish };
}
