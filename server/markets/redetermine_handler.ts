/**
 * The `ball.redetermine` outbox handler: a staff correction of a ball whose
 * markets were determined. Each determined or disputed market of the ball
 * whose winner changes is reversed and determined again (./redetermine.ts);
 * a finalized market never changes. Every market of the ball gets an audit
 * entry `market.redetermine` (by the staff member who corrected the ball)
 * saying what changed, or why nothing did.
 * @module
 */
import { outcomeOf } from "../../core/market_kinds.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { SqlOrTx } from "../db.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { getShot } from "../shots/repo.ts";
import { ballOnSheet } from "./ball_on_sheet.ts";
import { redetermine } from "./redetermine.ts";
import { listBetRows } from "./repo.ts";
import { afterSettling, groupBets, type SettleDeps } from "./settle.ts";
import type { Settled } from "./settle_publish.ts";
import { lockBallMarkets } from "./settle_repo.ts";

export function ballRedetermineHandler(deps: SettleDeps): OutboxHandler {
  return async (tx, fact) => {
    const [correction] = await tx<{ recorded_by: string | null; reason: string | null }[]>`
      select recorded_by, reason from session_balls where id = ${fact.factId}`;
    const ball = correction ? await ballOnSheet(tx, fact.factId) : null;
    if (!ball) return;
    const markets = await lockBallMarkets(tx, ball);
    const shot = ball.shotId ? await getShot(tx, ball.shotId) : null;
    const result = {
      standingBefore: ball.standingBefore,
      standingAfter: ball.standingAfter,
      foul: ball.foul,
      launchSpeedMph: shot?.metrics?.launchSpeedMph ?? null,
    };
    const live = markets.filter((m) => m.state === "determined" || m.state === "disputed");
    const bets = groupBets(await listBetRows(tx, live.map((m) => m.id)));
    const actor = await actorOf(tx, correction.recorded_by);
    const settled: Settled[] = [];
    const changed = new Set<string>();
    for (const m of markets) {
      const winner = outcomeOf(m.kind, m.line, result);
      const base = {
        correctionId: fact.factId,
        ballId: ball.id,
        reason: correction.reason,
        from: m.result,
        to: winner,
      };
      let detail: Record<string, unknown>;
      if (m.state === "finalized") {
        detail = { ...base, changed: false, why: "Finalized: the result stands" };
      } else if (!live.includes(m)) {
        detail = { ...base, changed: false, why: `Market is ${m.state}` };
      } else if (winner === m.result) {
        detail = { ...base, changed: false, why: "Same result" };
      } else {
        const r = await redetermine(tx, deps.ledger, m, bets.get(m.id) ?? [], winner, {
          action: "determine",
          voidReason: "No result for the corrected ball",
        });
        settled.push(r.settled);
        for (const id of r.changed) changed.add(id);
        detail = {
          ...base,
          changed: true,
          determination: r.n,
          clawedBack: r.clawedBack,
          shortfall: r.shortfall,
        };
      }
      await recordAudit(tx, {
        actor,
        action: "market.redetermine",
        targetType: "market",
        targetId: m.id,
        detail,
      });
    }
    if (!settled.length) return;
    return await afterSettling(tx, deps, { settled, changed });
  };
}

async function actorOf(tx: SqlOrTx, userId: string | null): Promise<AuthUser | null> {
  if (!userId) return null;
  const [u] = await tx<AuthUser[]>`select id, email, role from users where id = ${userId}`;
  return u ?? null;
}
