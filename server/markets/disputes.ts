/**
 * Staff hold a determined market back from finalizing (`dispute`) and settle
 * the dispute (`resolve`): with a result — the same one stands, another one
 * reverses the settlement and pays again — or void, which reverses the
 * settlement and refunds every stake (also allowed on a determined market
 * that nobody disputed). Audited as `market.dispute` / `market.resolve` in
 * the change's transaction; after commit the market, bets and wallets are
 * pushed as settlement does.
 *
 * @example
 * ```ts ignore
 * await disputeMarket(sql, deps, id, "Pin 7 looked up on the replay", { user });
 * await resolveMarket(sql, deps, id, { result: "no", reason: "Replay shows the 7 standing" }, { user });
 * ```
 * @module
 */
import { z } from "zod";
import { nextMarketState } from "../../core/market_state.ts";
import { OUTCOME_KEYS } from "../../core/markets.ts";
import { DomainError } from "../../core/problem.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Actor } from "../sessions/common.ts";
import { isUuid } from "../sessions/repo.ts";
import { redetermine } from "./redetermine.ts";
import { listBetRows, type MarketRow } from "./repo.ts";
import { afterSettling, type SettleDeps } from "./settle.ts";
import { lockMarkets, saveMarket } from "./settle_repo.ts";
import { voidUndetermined } from "./void_markets.ts";
import { auditMarket } from "./staff_actions.ts";

const Reason = z.string().trim().min(3).max(500);

export const DisputeSchema = z.strictObject({ reason: Reason }).meta({ id: "MarketDispute" });

export const ResolveSchema = z.union([
  z.strictObject({ result: z.string().regex(/^[a-z]{2,8}$/), reason: Reason }),
  z.strictObject({ void: z.literal(true), reason: Reason }),
]).meta({ id: "MarketResolve" });
export type Resolve = z.infer<typeof ResolveSchema>;

async function lockOne(tx: SqlOrTx, id: string): Promise<MarketRow> {
  const [m] = await lockMarkets(tx, isUuid(id) ? [id] : []);
  if (!m) throw new DomainError("unknown_market", `Cannot find market "${id.slice(0, 64)}"`);
  return m;
}

function audit(tx: SqlOrTx, actor: Actor, action: string, m: MarketRow, detail: object) {
  return auditMarket(tx, actor, action, m, { result: m.result, ...detail });
}

/** determined → disputed: finalization waits for staff to resolve it. */
export async function disputeMarket(
  sql: Sql,
  deps: SettleDeps,
  id: string,
  reason: string,
  actor: Actor,
): Promise<void> {
  const after = await sql.begin(async (tx) => {
    const m = await lockOne(tx, id);
    const saved = await saveMarket(tx, m, { state: nextMarketState(m.state, "dispute") });
    await audit(tx, actor, "market.dispute", m, { reason });
    return await afterSettling(tx, deps, {
      settled: [{ market: saved, bets: [] }],
      changed: new Set(),
    });
  });
  after();
}

/** Resolves a disputed market with a result, or voids a determined/disputed (or undetermined) one. */
export async function resolveMarket(
  sql: Sql,
  deps: SettleDeps,
  id: string,
  body: Resolve,
  actor: Actor,
): Promise<void> {
  const after = await sql.begin(async (tx) => {
    const m = await lockOne(tx, id);
    if ("void" in body) {
      if (m.state === "open" || m.state === "suspended") {
        const done = await voidUndetermined(tx, deps, [m], body.reason);
        await audit(tx, actor, "market.resolve", m, { to: "void", reason: body.reason });
        return await afterSettling(tx, deps, done);
      }
      nextMarketState(m.state, "void");
      const bets = await listBetRows(tx, [m.id]);
      const r = await redetermine(tx, deps.ledger, m, bets, null, {
        action: "void",
        voidReason: body.reason,
      });
      await audit(tx, actor, "market.resolve", m, {
        to: "void",
        reason: body.reason,
        clawedBack: r.clawedBack,
        shortfall: r.shortfall,
      });
      return await afterSettling(tx, deps, { settled: [r.settled], changed: new Set(r.changed) });
    }
    const state = nextMarketState(m.state, "resolve");
    if (!OUTCOME_KEYS[m.kind].includes(body.result)) {
      throw new DomainError(
        "unknown_outcome",
        `A "${m.kind}" market has no outcome "${body.result}"`,
        {
          outcomes: OUTCOME_KEYS[m.kind],
        },
      );
    }
    if (body.result === m.result) {
      const saved = await saveMarket(tx, m, { state, determined: true });
      await audit(tx, actor, "market.resolve", m, { to: body.result, reason: body.reason });
      return await afterSettling(tx, deps, {
        settled: [{ market: saved, bets: [] }],
        changed: new Set(),
      });
    }
    const bets = await listBetRows(tx, [m.id]);
    const r = await redetermine(tx, deps.ledger, m, bets, body.result, { action: "resolve" });
    await audit(tx, actor, "market.resolve", m, {
      to: body.result,
      reason: body.reason,
      determination: r.n,
      clawedBack: r.clawedBack,
      shortfall: r.shortfall,
    });
    return await afterSettling(tx, deps, { settled: [r.settled], changed: new Set(r.changed) });
  });
  after();
}
