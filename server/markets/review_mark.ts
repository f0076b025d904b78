/**
 * Sending a ball's markets to the review queue: when the AI's shot is unsure
 * or cannot be scored, the markets of the lane's current turn (open or
 * suspended, no result yet) are suspended with the shot and the reason, in
 * the transaction that sends the shot to review (shot.score's), so they wait
 * for staff instead of settling on a doubtful read.
 * @module
 */
import { LIVE_MARKET_EVENT } from "../../core/markets.ts";
import type { SqlOrTx } from "../db.ts";
import type { LiveHub } from "../live/hub.ts";
import { gamesOf } from "../sessions/common.ts";
import * as sessions from "../sessions/repo.ts";
import { turnOf } from "../sessions/sheet.ts";
import { type MarketRow, toMarket } from "./repo.ts";
import { lockBallMarkets, saveMarket } from "./settle_repo.ts";
import { stateAfter } from "./settle_state.ts";

const REASON = /^[a-z][a-z_-]{0,39}$/;

/** The lane's open session and whose ball is next, when the shot belongs to it. */
export async function currentTurn(tx: SqlOrTx, laneId: string, releasedAtMs: number) {
  const id = await sessions.getOpenSessionId(tx, laneId);
  const session = id ? await sessions.getSession(tx, id) : null;
  if (!session || releasedAtMs < session.openedAt.getTime()) return null;
  const games = await gamesOf(tx, session);
  const turn = turnOf(session, games);
  const next = turn === null ? null : games[turn].game.next;
  if (turn === null || !next) return null;
  return {
    sessionId: session.id,
    bowlerId: games[turn].bowler.id,
    frame: next.frame,
    ball: next.ball,
  };
}

/** Marks the current turn's undetermined markets for review; the markets changed. */
export async function markMarketsForReview(
  tx: SqlOrTx,
  shot: { id: string; laneId: string; releasedAtMs: number },
  reason: string,
): Promise<MarketRow[]> {
  const turn = await currentTurn(tx, shot.laneId, shot.releasedAtMs);
  if (!turn) return [];
  const markets = await lockBallMarkets(tx, turn);
  const changed: MarketRow[] = [];
  for (const m of markets) {
    if (m.state !== "open" && m.state !== "suspended") continue;
    changed.push(
      await saveMarket(tx, m, {
        state: m.state === "open" ? stateAfter(m.state, "suspend") : m.state,
        reviewReason: REASON.test(reason) ? reason : "review",
        shotId: shot.id,
      }),
    );
  }
  return changed;
}

/** After commit: each market to its lane. */
export function publishMarkets(live: LiveHub, markets: readonly MarketRow[]): void {
  for (const m of markets) live.publish(m.laneId, { type: LIVE_MARKET_EVENT, data: toMarket(m) });
}
