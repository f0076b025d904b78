/**
 * Withdrawals, step by step, each in one transaction with its ledger move and
 * its audit entry: a bettor requests one (the amount held at once, user →
 * `clearing:payout`, so it can no longer be staked), may cancel it while it
 * is requested; staff approve it (the state and a `withdrawal.payout` outbox
 * fact together: server/withdrawals/payout.ts pays it out), reject it (the
 * hold voided) or mark it paid by hand with a reference (the hold posted).
 *
 * @example
 * ```ts ignore
 * const { withdrawal } = await requestWithdrawal(sql, ledger, user, { amount: 500 });
 * await approveWithdrawal(sql, staff, withdrawal.id); // then the outbox pays it out
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import { recordAudit } from "../audit/log.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { enqueue } from "../outbox/store.ts";
import { notifyWithdrawal } from "../sms/notify.ts";
import {
  findByKey,
  findWithdrawal,
  holdIdOf,
  insertWithdrawal,
  paidIdOf,
  textOf,
  updateWithdrawal,
  voidIdOf,
  type Withdrawal,
  type WithdrawalState,
} from "./repo.ts";

/** The outbox topic an approval writes; its handler pays the withdrawal out. */
export const WITHDRAWAL_PAYOUT = "withdrawal.payout";

/** Who does a step: a user (the bettor, staff) or the system (null: the payout worker). */
type Actor = AuthUser | null;

export interface RequestInput {
  amount: number;
  idempotencyKey?: string;
  /** Account closure pays out the balance even though the account is being closed. */
  closing?: boolean;
}

/**
 * Holds `amount` of the user's available balance for a new withdrawal. Above
 * the available balance → 422 `insufficient-funds` and nothing written; the
 * same key again answers the first withdrawal (`created: false`).
 */
export async function requestWithdrawal(
  sql: Sql,
  ledger: Ledger,
  user: AuthUser,
  input: RequestInput,
): Promise<{ withdrawal: Withdrawal; created: boolean }> {
  return await sql.begin((tx) => holdWithdrawal(tx, ledger, user, input)) as {
    withdrawal: Withdrawal;
    created: boolean;
  };
}

/** {@linkcode requestWithdrawal} inside the caller's transaction (account closure). */
export async function holdWithdrawal(
  tx: SqlOrTx,
  ledger: Ledger,
  user: AuthUser,
  input: RequestInput,
): Promise<{ withdrawal: Withdrawal; created: boolean }> {
  const earlier = async (key: string) => {
    const first = await findByKey(tx, user.id, key);
    if (first && first.amount !== input.amount) {
      throw new DomainError(
        "idempotency_key_reused",
        `Idempotency key "${key}" was used for another withdrawal`,
      );
    }
    return first;
  };
  if (input.idempotencyKey) {
    const first = await earlier(input.idempotencyKey);
    if (first) return { withdrawal: first, created: false };
  }
  const withdrawal = await insertWithdrawal(tx, {
    id: crypto.randomUUID(),
    userId: user.id,
    amount: input.amount,
    currency: ledger.currency,
    idempotencyKey: input.idempotencyKey,
  });
  if (!withdrawal) {
    // A concurrent request with the same key committed its withdrawal first: answer that one.
    const first = await earlier(input.idempotencyKey!);
    if (!first) throw new Error("withdrawal: idempotency conflict without a row");
    return { withdrawal: first, created: false };
  }
  await ledger.hold(tx, {
    id: holdIdOf(withdrawal.id),
    debit: { kind: "user", owner: user.id },
    credit: { kind: "clearing", owner: "payout" },
    amount: input.amount,
    code: "withdrawal",
    memo: { withdrawalId: withdrawal.id },
  });
  await audit(tx, user, input.closing ? "withdrawal.closure" : "withdrawal.request", withdrawal, {
    amount: input.amount,
  });
  return { withdrawal, created: true };
}

/** The bettor takes back a withdrawal still requested: the hold is voided. */
export async function cancelWithdrawal(
  sql: Sql,
  ledger: Ledger,
  user: AuthUser,
  id: string,
): Promise<Withdrawal> {
  return await step(sql, id, ["requested"], async (tx, w) => {
    if (w.userId !== user.id) throw notFound(id);
    await ledger.voidHolds(tx, [{ holdId: holdIdOf(id), id: voidIdOf(id) }]);
    const done = await updateWithdrawal(tx, id, { state: "canceled" });
    await audit(tx, user, "withdrawal.cancel", done);
    return done;
  });
}

/** Staff approve: the state and the payout fact are written together. */
export async function approveWithdrawal(
  sql: Sql,
  staff: AuthUser,
  id: string,
): Promise<Withdrawal> {
  return await step(sql, id, ["requested"], async (tx, w) => {
    const done = await updateWithdrawal(tx, id, {
      state: "approved",
      decided: true,
      decidedBy: staff.id,
    });
    await enqueue(tx, WITHDRAWAL_PAYOUT, id, { userId: w.userId });
    await audit(tx, staff, "withdrawal.approve", done);
    return done;
  });
}

/**
 * Staff reject: the hold is voided, the money available again. An approved
 * withdrawal may still be rejected while no provider paid any of it (its
 * payout not run yet, or waiting for staff to pay by hand).
 */
export async function rejectWithdrawal(
  sql: Sql,
  ledger: Ledger,
  staff: AuthUser,
  id: string,
  reason: string,
): Promise<Withdrawal> {
  return await step(sql, id, ["requested", "approved"], async (tx, w) => {
    if (w.reference) {
      throw new DomainError(
        "withdrawal_state",
        `Withdrawal "${id}" is partly paid out already ("${w.reference}"): mark it paid`,
        { state: w.state },
      );
    }
    await ledger.voidHolds(tx, [{ holdId: holdIdOf(id), id: voidIdOf(id) }]);
    const done = await updateWithdrawal(tx, id, {
      state: "rejected",
      failure: reason,
      decided: true,
      decidedBy: staff.id,
    });
    await audit(tx, staff, "withdrawal.reject", done, { reason });
    return done;
  });
}

/**
 * Staff paid it by hand (no provider could): the hold is posted and the
 * reference kept. A requested withdrawal may be marked paid at once (it is
 * approved by that); an approved one is waiting for exactly this.
 */
export async function markWithdrawalPaid(
  sql: Sql,
  ledger: Ledger,
  staff: AuthUser,
  id: string,
  reference: string,
): Promise<Withdrawal> {
  return await step(sql, id, ["requested", "approved"], async (tx, w) => {
    await ledger.postHolds(tx, [{ holdId: holdIdOf(id), id: paidIdOf(id) }]);
    const done = await updateWithdrawal(tx, id, {
      state: "paid",
      method: "manual",
      reference: (w.reference ? `${w.reference}; ${reference}` : reference).slice(0, 500),
      paid: true,
      ...(w.state === "requested" ? { decided: true, decidedBy: staff.id } : {}),
    });
    await audit(tx, staff, "withdrawal.mark-paid", done, { reference });
    await notifyWithdrawal(tx, { ...textOf(done), outcome: "paid" });
    return done;
  });
}

const notFound = (id: string) =>
  new DomainError("unknown_withdrawal", `Cannot find withdrawal "${id}"`);

/** Locks the withdrawal, checks its state is one of `from`, runs `fn`, in one transaction. */
async function step(
  sql: Sql,
  id: string,
  from: readonly WithdrawalState[],
  fn: (tx: SqlOrTx, w: Withdrawal) => Promise<Withdrawal>,
): Promise<Withdrawal> {
  return await sql.begin(async (tx) => {
    const w = await findWithdrawal(tx, id, { forUpdate: true });
    if (!w) throw notFound(id);
    if (!from.includes(w.state)) {
      throw new DomainError(
        "withdrawal_state",
        `Withdrawal "${id}" is ${w.state}, not ${from.join(" or ")}`,
        { state: w.state },
      );
    }
    return await fn(tx, w);
  }) as Withdrawal;
}

/** One audit entry per step, in the step's transaction. */
export async function audit(
  tx: SqlOrTx,
  actor: Actor,
  action: string,
  w: Withdrawal,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, {
    actor,
    action,
    targetType: "withdrawal",
    targetId: w.id,
    detail: { userId: w.userId, amount: w.amount, state: w.state, ...detail },
  });
}
