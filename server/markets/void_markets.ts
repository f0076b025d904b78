/**
 * Voiding markets that have no result yet (open or suspended): every open
 * bet's hold is voided (its stake back in the wallet at once) and the market
 * becomes `void` with the reason. Used when a session closes or a bowler is
 * removed (the `markets.void` outbox handler here), and by the review queue.
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { gamesOf } from "../sessions/common.ts";
import { getSession } from "../sessions/repo.ts";
import { listBetRows, type MarketRow } from "./repo.ts";
import { afterSettling, groupBets, type SettleDeps } from "./settle.ts";
import { applyPlans, planVoidOpen } from "./settle_money.ts";
import { applyChanges, type Settled } from "./settle_publish.ts";
import { lockMarkets, saveMarket } from "./settle_repo.ts";
import { stateAfter } from "./settle_state.ts";
import type { VoidCause } from "./settle_topics.ts";

/** Voids the given locked, undetermined markets; what to publish after commit. */
export async function voidUndetermined(
  tx: SqlOrTx,
  deps: Pick<SettleDeps, "ledger">,
  markets: readonly MarketRow[],
  reason: string,
): Promise<{ settled: Settled[]; changed: Set<string> }> {
  const todo = markets.filter((m) => m.state === "open" || m.state === "suspended");
  const bets = groupBets(await listBetRows(tx, todo.map((m) => m.id)));
  const plans = todo.map((m) => planVoidOpen(m, bets.get(m.id) ?? [], "market-void"));
  await applyPlans(tx, deps.ledger, plans);
  const settled: Settled[] = [];
  const changed = new Set<string>();
  for (const [i, m] of todo.entries()) {
    const saved = await saveMarket(tx, m, {
      state: stateAfter(m.state, "void"),
      voidReason: reason,
      reviewReason: null,
    });
    for (const c of plans[i].bets) changed.add(c.id);
    settled.push(applyChanges(saved, bets.get(m.id) ?? [], plans[i].bets));
  }
  return { settled, changed };
}

/**
 * The `markets.void` handler: a closed session's or a removed bowler's
 * undetermined markets. A market whose ball was bowled before is left to
 * that ball's `ball.settle` (another topic, so it may run after this one).
 */
export function marketsVoidHandler(deps: SettleDeps): OutboxHandler {
  return async (tx, fact) => {
    const cause = fact.payload as unknown as VoidCause;
    const ids = await tx<{ id: string }[]>`
      select id from markets
      where session_id = ${cause.sessionId} and state in ('open', 'suspended')
        and (${cause.kind === "bowler-removed" ? cause.bowlerId : null}::uuid is null
          or bowler_id = ${cause.kind === "bowler-removed" ? cause.bowlerId : null})`;
    const session = await getSession(tx, cause.sessionId);
    if (!session) return;
    const games = await gamesOf(tx, session);
    const bowled = (m: MarketRow) =>
      games.find((g) => g.bowler.id === m.bowlerId)?.game.frames[m.frame - 1]?.balls[m.ball - 1];
    const markets = (await lockMarkets(tx, ids.map((r) => r.id))).filter((m) => !bowled(m));
    const reason = cause.kind === "session-closed" ? "Session closed" : "Bowler removed";
    const done = await voidUndetermined(tx, deps, markets, reason);
    if (!done.settled.length) return;
    return await afterSettling(tx, deps, done);
  };
}
