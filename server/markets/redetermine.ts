/**
 * Determining a market again: the previous settlement (determination `n`) is
 * reversed with new transfers — never edits — and the market is determined
 * with the new winner (payouts `n + 1`), or voided with every stake refunded
 * when there is no winner. Used by score corrections (`ball.redetermine`),
 * staff resolving a dispute, and staff voiding a settled market.
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import type { BetRow, MarketRow } from "./repo.ts";
import { applyPlans, planDetermination, reverseDetermination } from "./settle_money.ts";
import { applyChanges, type Settled } from "./settle_publish.ts";
import { saveMarket } from "./settle_repo.ts";
import { stateAfter } from "./settle_state.ts";

export interface Redetermined {
  settled: Settled;
  /** Bets whose state or payout changed. */
  changed: string[];
  /** Audit figures: what came back from wallets, what the house covered. */
  clawedBack: number;
  shortfall: number;
  from: string | null;
  to: string | null;
  n: number;
}

/**
 * Reverses the market's last determination and determines it again with
 * `winner` (null: void, `voidReason` says why). `action` is the state
 * machine's action: "determine" for a correction, "resolve" for a dispute,
 * "void" for staff.
 */
export async function redetermine(
  tx: SqlOrTx,
  ledger: Ledger,
  market: MarketRow,
  bets: readonly BetRow[],
  winner: string | null,
  o: { action: "determine" | "resolve" | "void"; voidReason?: string },
): Promise<Redetermined> {
  const n = market.determinations;
  const reversal = await reverseDetermination(tx, ledger, market, bets, n);
  const inPlay = bets.filter((b) => b.state === "won" || b.state === "lost");
  const plan = planDetermination(market, inPlay, winner, n + 1, true);
  await applyPlans(tx, ledger, [plan]);
  const state = stateAfter(market.state, winner === null ? "void" : o.action);
  const saved = await saveMarket(
    tx,
    market,
    winner === null
      ? { state, result: null, determinations: n + 1, voidReason: o.voidReason ?? "Voided" }
      : { state, result: winner, determinations: n + 1, determined: true },
  );
  return {
    settled: applyChanges(saved, bets, plan.bets),
    changed: plan.bets.map((b) => b.id),
    clawedBack: reversal.clawedBack,
    shortfall: reversal.shortfall,
    from: market.result,
    to: winner,
    n: n + 1,
  };
}
