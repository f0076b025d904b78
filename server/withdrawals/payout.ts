/**
 * Paying out an approved withdrawal (outbox topic `withdrawal.payout`): the
 * providers of the registry are asked in order, each for what the ones
 * before it did not cover (a provider pays back through the deposits the
 * money came from, so it may cover part). When they cover it all, the hold
 * is posted and the withdrawal is paid; when they cover nothing and one
 * failed for good, the hold is voided and the failure recorded; when some
 * is left (no provider, or none could), the withdrawal waits, approved,
 * method `manual`, for staff to pay the rest by hand and mark it paid.
 * A transient failure throws: the outbox retries the fact.
 *
 * Exactly once: the handler runs in the outbox's transaction, which commits
 * its writes and the fact's `done` together, and skips a withdrawal no longer
 * approved; a crash after a provider paid re-runs the handler, and the
 * provider, idempotent by withdrawal id, answers the same payout again
 * instead of paying twice.
 *
 * @example
 * ```ts ignore
 * const handlers = { [WITHDRAWAL_PAYOUT]: withdrawalPayoutHandler({ ledger, providers: [] }) };
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import type { Ledger } from "../ledger/ledger.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import type { PayoutProvider } from "../payments/provider.ts";
import { findWithdrawal, holdIdOf, paidIdOf, textOf, updateWithdrawal, voidIdOf } from "./repo.ts";
import { audit } from "./service.ts";
import { notifyWithdrawal } from "../sms/notify.ts";

export interface PayoutDeps {
  ledger: Ledger;
  /** Asked in order; empty: every withdrawal is paid by hand. */
  providers: readonly PayoutProvider[];
}

/** What the registry managed: the amount paid, by whom, and why it stopped short. */
export interface PayoutOutcome {
  paid: number;
  parts: { name: PayoutProvider["name"]; paid: number; reference: string }[];
  /** A provider's permanent failure, when one failed for good. */
  failure: string | null;
}

/** The columns keep at most 500 characters. */
const clip = (s: string | null) => s === null ? null : s.length > 500 ? `${s.slice(0, 499)}…` : s;

const isPermanent = (err: unknown) =>
  err instanceof DomainError && err.code === "payout_failed" && err.extra.permanent === true;

/**
 * Asks each provider in turn for what is left of `amount`; a permanent
 * failure moves on to the next provider, a transient one throws.
 */
export async function payThrough(
  providers: readonly PayoutProvider[],
  r: { withdrawalId: string; userId: string; amount: number; currency: string },
): Promise<PayoutOutcome> {
  const out: PayoutOutcome = { paid: 0, parts: [], failure: null };
  for (const p of providers) {
    const rest = r.amount - out.paid;
    if (rest <= 0) break;
    try {
      const { paid, reference } = await p.payout({ ...r, amount: rest });
      const part = Math.max(0, Math.min(paid, rest));
      if (part > 0) {
        out.parts.push({ name: p.name, paid: part, reference });
        out.paid += part;
      }
    } catch (err) {
      if (!isPermanent(err)) throw err;
      out.failure = `${p.name}: ${(err as Error).message}`;
    }
  }
  return out;
}

export function withdrawalPayoutHandler(deps: PayoutDeps): OutboxHandler {
  return async (tx, fact) => {
    const w = await findWithdrawal(tx, fact.factId, { forUpdate: true });
    if (!w || w.state !== "approved" || w.method === "manual") return;
    const outcome = await payThrough(deps.providers, {
      withdrawalId: w.id,
      userId: w.userId,
      amount: w.amount,
      currency: w.currency,
    });
    const reference = clip(outcome.parts.map((p) => `${p.name}:${p.reference}`).join("; ") || null);
    const failure = clip(outcome.failure);
    if (outcome.paid >= w.amount) {
      await deps.ledger.postHolds(tx, [{ holdId: holdIdOf(w.id), id: paidIdOf(w.id) }]);
      const done = await updateWithdrawal(tx, w.id, {
        state: "paid",
        method: outcome.parts[0].name,
        reference,
        failure: null,
        paid: true,
      });
      await audit(tx, null, "withdrawal.paid", done, { parts: outcome.parts });
      await notifyWithdrawal(tx, { ...textOf(done), outcome: "paid" });
    } else if (outcome.paid === 0 && outcome.failure) {
      await deps.ledger.voidHolds(tx, [{ holdId: holdIdOf(w.id), id: voidIdOf(w.id) }]);
      const done = await updateWithdrawal(tx, w.id, { state: "failed", failure });
      await audit(tx, null, "withdrawal.fail", done, { failure });
      await notifyWithdrawal(tx, { ...textOf(done), outcome: "failed" });
    } else {
      const done = await updateWithdrawal(tx, w.id, {
        state: "approved",
        method: "manual",
        reference,
        failure,
      });
      await audit(tx, null, "withdrawal.manual", done, {
        paid: outcome.paid,
        rest: w.amount - outcome.paid,
        parts: outcome.parts,
      });
    }
  };
}
