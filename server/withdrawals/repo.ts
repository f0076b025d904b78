/**
 * Data access for withdrawals (the `withdrawals` table): rows in, the API's
 * {@linkcode Withdrawal} out, and the one place its ledger transfer ids are
 * named (hold `withdrawal:<id>` at request, `withdrawal-paid:<id>` posts it,
 * `withdrawal-void:<id>` voids it).
 */
import type { SqlOrTx } from "../db.ts";
import type { Withdrawal, WithdrawalMethod, WithdrawalState } from "../../core/withdrawals.ts";

export { WITHDRAWAL_STATES } from "../../core/withdrawals.ts";
export type { Withdrawal, WithdrawalMethod, WithdrawalState } from "../../core/withdrawals.ts";

export const holdIdOf = (id: string) => `withdrawal:${id}`;
export const paidIdOf = (id: string) => `withdrawal-paid:${id}`;
export const voidIdOf = (id: string) => `withdrawal-void:${id}`;

interface Row {
  id: string;
  user_id: string;
  amount: string;
  currency: string;
  state: WithdrawalState;
  method: WithdrawalMethod | null;
  reference: string | null;
  failure: string | null;
  idempotency_key: string | null;
  requested_at: Date;
  decided_at: Date | null;
  paid_at: Date | null;
}

const toWithdrawal = (r: Row): Withdrawal => ({
  id: r.id,
  userId: r.user_id,
  amount: Number(r.amount),
  currency: r.currency,
  state: r.state,
  method: r.method,
  reference: r.reference,
  failure: r.failure,
  requestedAt: r.requested_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  paidAt: r.paid_at?.toISOString() ?? null,
});

const COLUMNS = "id::text, user_id::text, amount::text, currency, state, method, reference, " +
  "failure, idempotency_key, requested_at, decided_at, paid_at";

/**
 * The new withdrawal, or null when the user already has one with this
 * idempotency key (a concurrent request with the same key committed first).
 */
export async function insertWithdrawal(
  sql: SqlOrTx,
  w: { id: string; userId: string; amount: number; currency: string; idempotencyKey?: string },
): Promise<Withdrawal | null> {
  const [row] = await sql<Row[]>`
    insert into withdrawals (id, user_id, amount, currency, idempotency_key)
    values (${w.id}, ${w.userId}, ${w.amount}, ${w.currency}, ${w.idempotencyKey ?? null})
    on conflict (user_id, idempotency_key) do nothing
    returning ${sql.unsafe(COLUMNS)}`;
  return row ? toWithdrawal(row) : null;
}

/** The withdrawal, locked for the caller's transaction (`forUpdate`), or null. */
export async function findWithdrawal(
  sql: SqlOrTx,
  id: string,
  o: { forUpdate?: boolean } = {},
): Promise<Withdrawal | null> {
  const [row] = o.forUpdate
    ? await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from withdrawals where id = ${id} for update`
    : await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from withdrawals where id = ${id}`;
  return row ? toWithdrawal(row) : null;
}

/** The user's withdrawal made with `key`, with its amount, or null. */
export async function findByKey(
  sql: SqlOrTx,
  userId: string,
  key: string,
): Promise<Withdrawal | null> {
  const [row] = await sql<Row[]>`
    select ${sql.unsafe(COLUMNS)} from withdrawals
    where user_id = ${userId} and idempotency_key = ${key}`;
  return row ? toWithdrawal(row) : null;
}

/** Changes a withdrawal's state and what goes with it; answers the row as changed. */
export async function updateWithdrawal(
  sql: SqlOrTx,
  id: string,
  c: {
    state: WithdrawalState;
    method?: WithdrawalMethod | null;
    reference?: string | null;
    failure?: string | null;
    decidedBy?: string | null;
    decided?: boolean;
    paid?: boolean;
  },
): Promise<Withdrawal> {
  const [row] = await sql<Row[]>`
    update withdrawals set
      state = ${c.state},
      method = case when ${c.method !== undefined} then ${c.method ?? null} else method end,
      reference = case when ${c.reference !== undefined} then ${
    c.reference ?? null
  } else reference end,
      failure = case when ${c.failure !== undefined} then ${c.failure ?? null} else failure end,
      decided_by = case when ${c.decided ?? false} then ${
    c.decidedBy ?? null
  }::uuid else decided_by end,
      decided_at = case when ${c.decided ?? false} then now() else decided_at end,
      paid_at = case when ${c.paid ?? false} then now() else paid_at end
    where id = ${id}
    returning ${sql.unsafe(COLUMNS)}`;
  return toWithdrawal(row);
}

/** Withdrawals, newest first: one user's, or (staff) every user's in `state`. */
export async function listWithdrawals(
  sql: SqlOrTx,
  q: { userId?: string; state?: WithdrawalState; limit: number },
): Promise<Withdrawal[]> {
  const rows = await sql<Row[]>`
    select ${sql.unsafe(COLUMNS)} from withdrawals
    where (${q.userId ?? null}::uuid is null or user_id = ${q.userId ?? null}::uuid)
      and (${q.state ?? null}::text is null or state = ${q.state ?? null})
    order by requested_at desc, id
    limit ${q.limit}`;
  return rows.map(toWithdrawal);
}

/** What a withdrawal's text to its owner says (server/sms/notify.ts `notifyWithdrawal`). */
export function textOf(w: Withdrawal) {
  return { userId: w.userId, withdrawalId: w.id, amount: w.amount, currency: w.currency };
}
