/**
 * What staff do to a market by hand, audited in the change's transaction:
 * suspend it (open → suspended; the AI's approach still moves the
 * past-posting cutoff earlier when it arrives), or void it (open or
 * suspended → void, every open bet voided and its stake returned). A
 * determined or disputed market's void reverses a settlement: that is the
 * settlement module's, and is refused here with 409 `market_state`.
 *
 * @example
 * ```ts ignore
 * await staffSuspend(deps, marketId, { user });
 * await staffVoid(deps, marketId, "Camera blocked", { user });
 * ```
 * @module
 */
import { nextMarketState } from "../../core/market_state.ts";
import { DomainError } from "../../core/problem.ts";
import { recordAudit } from "../audit/log.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import type { Actor } from "../sessions/common.ts";
import { voidOpenBets } from "./bet_voids.ts";
import { getMarketTerms, type MarketTerms } from "./repo.ts";

export interface StaffDeps {
  db: { sql: Sql };
  ledger: Ledger;
}

/** The bet void reason when staff (or the engine) void a whole market. */
export const MARKET_VOID_REASON = "market-void";

async function lockMarket(tx: SqlOrTx, id: string): Promise<MarketTerms> {
  const m = await getMarketTerms(tx, id, "update");
  if (!m) throw new DomainError("unknown_market", `Cannot find market "${id.slice(0, 64)}"`);
  return m;
}

/** A staff action on a market, in the audit log (in the action's transaction). */
export function auditMarket(
  tx: SqlOrTx,
  actor: Actor,
  action: string,
  m: Pick<MarketTerms, "id" | "laneId" | "kind" | "state">,
  detail: object,
) {
  return recordAudit(tx, {
    actor: actor.user,
    action,
    targetType: "market",
    targetId: m.id,
    detail: { laneId: m.laneId, kind: m.kind, from: m.state, ...detail },
    requestId: actor.requestId,
  });
}

/** Staff suspend an open market (409 `market_state` otherwise). */
export async function staffSuspend(deps: StaffDeps, id: string, actor: Actor): Promise<void> {
  await deps.db.sql.begin(async (tx) => {
    const m = await lockMarket(tx, id);
    nextMarketState(m.state, "suspend");
    await tx`
      update markets set state = 'suspended', version = version + 1, suspended_at = now(),
                         updated_at = now()
      where id = ${m.id}`;
    await auditMarket(tx, actor, "market.suspend", m, {});
  });
}

/**
 * Voids an open or suspended market inside `tx`: the market → void (version
 * + 1, the reason kept), its open bets → void with `betReason`, their holds
 * voided. Returns the voided bets' ids. Throws `market_state` for a
 * determined, disputed, finalized or void market.
 */
export async function voidUnsettledMarket(
  tx: SqlOrTx,
  ledger: Ledger,
  m: MarketTerms,
  reason: string,
  betReason: string = MARKET_VOID_REASON,
): Promise<string[]> {
  if (m.state !== "open" && m.state !== "suspended") {
    throw new DomainError("market_state", `Cannot void a "${m.state}" market here`, {
      state: m.state,
      action: "void",
    });
  }
  await tx`
    update markets set state = 'void', version = version + 1, void_reason = ${reason},
                       updated_at = now()
    where id = ${m.id}`;
  return await voidOpenBets(tx, ledger, [m.id], betReason);
}

/** Staff void a market with a reason; returns the bets voided (their stakes returned). */
export async function staffVoid(
  deps: StaffDeps,
  id: string,
  reason: string,
  actor: Actor,
): Promise<string[]> {
  return await deps.db.sql.begin(async (tx) => {
    const m = await lockMarket(tx, id);
    const bets = await voidUnsettledMarket(tx, deps.ledger, m, reason);
    await auditMarket(tx, actor, "market.void", m, { reason, bets: bets.length });
    return bets;
  });
}
