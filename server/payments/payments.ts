/**
 * Deposits through a payment provider, whatever the provider: a `payments`
 * row made when the user starts one, credited at most once (ledger transfer
 * `deposit:<payment id>`, `clearing:<provider>` → the user) in the same
 * transaction that records the provider's event (`payment_events`, unique by
 * provider and event id), so a replayed or duplicated webhook moves nothing
 * twice. Money the provider takes back (a refund, a lost dispute) is debited
 * from what the user has, and the rest recorded as owed on their `debt`
 * account, never below zero; the next deposit pays it back first.
 *
 * @example
 * ```ts
 * await db.sql.begin(async (tx) => {
 *   const p = await findPayment(tx, { provider: "stripe", providerRef: pi.id });
 *   if (p) await creditPayment(tx, ledger, { paymentId: p.id, event: { provider: "stripe", id: evt.id, type: evt.type, payload: evt } });
 * });
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import type { SqlOrTx } from "../db.ts";
import type { Ledger } from "../ledger/ledger.ts";

export type ProviderName = "sandbox" | "stripe" | "paypal";
export type PaymentState = "created" | "succeeded" | "failed" | "canceled";

export interface Payment {
  id: string;
  userId: string;
  provider: ProviderName;
  providerRef: string | null;
  captureRef: string | null;
  amount: number;
  currency: string;
  state: PaymentState;
  failure: string | null;
  refunded: number;
  createdAt: Date;
  creditedAt: Date | null;
}

interface Row {
  id: string;
  user_id: string;
  provider: ProviderName;
  provider_ref: string | null;
  capture_ref: string | null;
  amount: string;
  currency: string;
  state: PaymentState;
  failure: string | null;
  refunded: string;
  idempotency_key: string | null;
  created_at: Date;
  credited_at: Date | null;
}

const COLUMNS = "id, user_id, provider, provider_ref, capture_ref, amount::text as amount, " +
  "currency, state, failure, refunded::text as refunded, idempotency_key, created_at, credited_at";

function toPayment(r: Row): Payment {
  return {
    id: r.id,
    userId: r.user_id,
    provider: r.provider,
    providerRef: r.provider_ref,
    captureRef: r.capture_ref,
    amount: Number(r.amount),
    currency: r.currency,
    state: r.state,
    failure: r.failure,
    refunded: Number(r.refunded),
    createdAt: r.created_at,
    creditedAt: r.credited_at,
  };
}

/**
 * A new deposit in state `created`. The same idempotency key again answers
 * the first one (`created: false`); with another amount or provider it is
 * refused (`idempotency_key_reused`).
 */
export async function createPayment(
  tx: SqlOrTx,
  p: {
    userId: string;
    provider: ProviderName;
    amount: number;
    currency: string;
    idempotencyKey?: string;
  },
): Promise<{ payment: Payment; created: boolean }> {
  const key = p.idempotencyKey ?? null;
  const [made] = await tx.unsafe<Row[]>(
    `insert into payments (user_id, provider, amount, currency, idempotency_key)
     values ($1, $2, $3, $4, $5)
     on conflict (user_id, idempotency_key) do nothing
     returning ${COLUMNS}`,
    [p.userId, p.provider, p.amount, p.currency, key],
  );
  if (made) return { payment: toPayment(made), created: true };
  const [first] = await tx.unsafe<Row[]>(
    `select ${COLUMNS} from payments where user_id = $1 and idempotency_key = $2`,
    [p.userId, key],
  );
  const payment = toPayment(first);
  if (payment.amount !== p.amount || payment.provider !== p.provider) {
    throw new DomainError(
      "idempotency_key_reused",
      `Idempotency key "${key}" was used for another deposit`,
    );
  }
  return { payment, created: false };
}

/** Records the provider's object (PaymentIntent, order) a payment is paid through. */
export async function setProviderRef(
  tx: SqlOrTx,
  paymentId: string,
  providerRef: string,
): Promise<void> {
  await tx`
    update payments set provider_ref = ${providerRef}, updated_at = now()
    where id = ${paymentId} and (provider_ref is null or provider_ref = ${providerRef})`;
}

/** A payment by id, by the provider's reference, or by its user's idempotency key; null when none. */
export async function findPayment(
  sql: SqlOrTx,
  by:
    | { id: string }
    | { provider: ProviderName; providerRef: string }
    | { userId: string; idempotencyKey: string },
  o: { forUpdate?: boolean } = {},
): Promise<Payment | null> {
  const lock = o.forUpdate ? " for update" : "";
  const [row] = "id" in by
    ? await sql.unsafe<Row[]>(`select ${COLUMNS} from payments where id = $1${lock}`, [by.id])
    : "userId" in by
    ? await sql.unsafe<Row[]>(
      `select ${COLUMNS} from payments where user_id = $1 and idempotency_key = $2${lock}`,
      [by.userId, by.idempotencyKey],
    )
    : await sql.unsafe<Row[]>(
      `select ${COLUMNS} from payments where provider = $1 and provider_ref = $2${lock}`,
      [by.provider, by.providerRef],
    );
  return row ? toPayment(row) : null;
}

export interface ProviderEvent {
  provider: "stripe" | "paypal" | "twilio";
  id: string;
  type: string;
  payload: unknown;
}

/**
 * Records a provider event once; false when it was recorded before (a
 * replay or a duplicate: the caller moves nothing). `outcome` says what it did.
 */
export async function recordEvent(
  tx: SqlOrTx,
  e: ProviderEvent & { paymentId?: string | null; outcome?: string },
): Promise<boolean> {
  const rows = await tx`
    insert into payment_events (provider, event_id, type, payment_id, outcome, payload)
    values (${e.provider}, ${e.id}, ${e.type}, ${e.paymentId ?? null},
            ${e.outcome ?? "recorded"}, ${tx.json(JSON.parse(JSON.stringify(e.payload ?? {})))})
    on conflict (provider, event_id) do nothing
    returning event_id`;
  return rows.length === 1;
}

/** Says what an event recorded in this transaction came to. */
export async function setEventOutcome(
  tx: SqlOrTx,
  e: Pick<ProviderEvent, "provider" | "id">,
  outcome: string,
): Promise<void> {
  await tx`
    update payment_events set outcome = ${outcome.slice(0, 200)}
    where provider = ${e.provider} and event_id = ${e.id}`;
}

/**
 * Credits a payment once, with the event that says it was paid (recorded in
 * this transaction). `credited: false` when the event was seen before or the
 * payment was credited already (by another event, a capture, or
 * reconciliation). A payment that had failed and then succeeds is credited:
 * the provider's last word on taking the money wins. Pays back any debt.
 */
export async function creditPayment(
  tx: SqlOrTx,
  ledger: Ledger,
  c: { paymentId: string; event?: ProviderEvent; captureRef?: string | null },
): Promise<{ credited: boolean; payment: Payment }> {
  if (c.event && !(await recordEvent(tx, { ...c.event, paymentId: c.paymentId }))) {
    const payment = await findPayment(tx, { id: c.paymentId });
    if (!payment) throw new DomainError("unknown_payment", `Cannot find payment "${c.paymentId}"`);
    return { credited: false, payment };
  }
  const payment = await findPayment(tx, { id: c.paymentId }, { forUpdate: true });
  if (!payment) throw new DomainError("unknown_payment", `Cannot find payment "${c.paymentId}"`);
  if (payment.state === "succeeded") {
    if (c.event) await setEventOutcome(tx, c.event, "already credited");
    return { credited: false, payment };
  }
  await ledger.transfer(tx, {
    id: `deposit:${payment.id}`,
    debit: { kind: "clearing", owner: payment.provider },
    credit: { kind: "user", owner: payment.userId },
    amount: payment.amount,
    code: "deposit",
    memo: { provider: payment.provider, paymentId: payment.id },
  });
  const [row] = await tx.unsafe<Row[]>(
    `update payments set state = 'succeeded', failure = null, credited_at = now(),
       updated_at = now(), capture_ref = coalesce($2, capture_ref)
     where id = $1 returning ${COLUMNS}`,
    [payment.id, c.captureRef ?? null],
  );
  if (c.event) await setEventOutcome(tx, c.event, "credited");
  await repayDebt(tx, ledger, payment.userId, `debt-repay:${payment.id}`);
  return { credited: true, payment: toPayment(row) };
}

/**
 * Marks a payment that has not been credited as failed or canceled (a
 * failure after success changes nothing: the money was taken). True when it changed.
 */
export async function failPayment(
  tx: SqlOrTx,
  paymentId: string,
  state: "failed" | "canceled",
  failure: string,
): Promise<boolean> {
  const rows = await tx`
    update payments set state = ${state}, failure = ${failure.slice(0, 500)}, updated_at = now()
    where id = ${paymentId} and state = 'created'
    returning id`;
  return rows.length === 1;
}

/** What a user owes (their debt account's debits − credits), 0 when nothing. */
export async function debtOf(tx: SqlOrTx, ledger: Ledger, userId: string): Promise<number> {
  const b = await ledger.accountBalance(tx, { kind: "debt", owner: userId });
  return Math.max(0, -b.posted);
}

/**
 * Pays back what the user owes from what they have available now, under
 * transfer id `id` (once). Returns the amount paid back.
 */
export async function repayDebt(
  tx: SqlOrTx,
  ledger: Ledger,
  userId: string,
  id: string,
): Promise<number> {
  const owed = await debtOf(tx, ledger, userId);
  if (owed === 0) return 0;
  const available = await lockAvailable(tx, ledger, userId);
  const amount = Math.min(owed, available);
  if (amount <= 0) return 0;
  const { applied } = await ledger.transfer(tx, {
    id,
    debit: { kind: "user", owner: userId },
    credit: { kind: "debt", owner: userId },
    amount,
    code: "debt-repay",
  });
  return applied ? amount : 0;
}

/** Locks the user's account row; what they have available under the lock. */
async function lockAvailable(tx: SqlOrTx, ledger: Ledger, userId: string): Promise<number> {
  const [row] = await tx<{ available: string }[]>`
    select (credits_posted - debits_posted - debits_pending)::text as available
    from ledger_accounts
    where kind = 'user' and owner = ${userId} and currency = ${ledger.currency}
    for update`;
  return row ? Number(row.available) : 0;
}

/**
 * Takes `amount` of a payment back (a refund or dispute the provider made):
 * from what the user has available, the rest onto their debt account, never
 * below zero. Transfer ids `<idPrefix>:user` and `<idPrefix>:debt`; a second
 * call with the same prefix moves nothing. Capped at what is left of the
 * payment. Bumps `payments.refunded`.
 */
export async function clawBack(
  tx: SqlOrTx,
  ledger: Ledger,
  c: { paymentId: string; amount: number; idPrefix: string; code?: string },
): Promise<{ fromUser: number; toDebt: number; applied: boolean }> {
  const payment = await findPayment(tx, { id: c.paymentId }, { forUpdate: true });
  if (!payment) throw new DomainError("unknown_payment", `Cannot find payment "${c.paymentId}"`);
  const ids = [`${c.idPrefix}:user`, `${c.idPrefix}:debt`];
  const seen = await tx`select id from ledger_transfers where id in (${ids[0]}, ${ids[1]})`;
  if (seen.length > 0 || payment.state !== "succeeded") {
    return { fromUser: 0, toDebt: 0, applied: false };
  }
  const amount = Math.min(c.amount, payment.amount - payment.refunded);
  if (amount <= 0) return { fromUser: 0, toDebt: 0, applied: false };
  const available = await lockAvailable(tx, ledger, payment.userId);
  const fromUser = Math.min(available, amount);
  const toDebt = amount - fromUser;
  const code = c.code ?? "chargeback";
  const memo = { provider: payment.provider, paymentId: payment.id };
  const clearing = { kind: "clearing" as const, owner: payment.provider };
  if (fromUser > 0) {
    await ledger.transfer(tx, {
      id: ids[0],
      debit: { kind: "user", owner: payment.userId },
      credit: clearing,
      amount: fromUser,
      code,
      memo,
    });
  }
  if (toDebt > 0) {
    await ledger.transfer(tx, {
      id: ids[1],
      debit: { kind: "debt", owner: payment.userId },
      credit: clearing,
      amount: toDebt,
      code: "debt",
      memo,
    });
  }
  await tx`
    update payments set refunded = refunded + ${amount}, updated_at = now()
    where id = ${payment.id}`;
  return { fromUser, toDebt, applied: true };
}

/**
 * Counts money a provider took back for a withdrawal the product paid out
 * through it (the ledger moved with the withdrawal's hold, not here).
 */
export async function addRefunded(tx: SqlOrTx, paymentId: string, amount: number): Promise<void> {
  await tx`
    update payments set refunded = least(amount, refunded + ${amount}), updated_at = now()
    where id = ${paymentId}`;
}

export interface PaymentQuery {
  userId?: string;
  provider?: ProviderName;
  state?: PaymentState;
  limit: number;
  /** `createdAt` (ISO) of the last row of the page before. */
  before?: string;
}

/** Payments newest first, filtered; `next` pages on. */
export async function listPayments(
  sql: SqlOrTx,
  q: PaymentQuery,
): Promise<{ items: Payment[]; next: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replace("?", `$${params.length}`));
  };
  if (q.userId) add("user_id = ?", q.userId);
  if (q.provider) add("provider = ?", q.provider);
  if (q.state) add("state = ?", q.state);
  if (q.before) add("created_at < ?::timestamptz", q.before);
  params.push(q.limit);
  const rows = await sql.unsafe<Row[]>(
    `select ${COLUMNS} from payments ${where.length ? `where ${where.join(" and ")}` : ""}
     order by created_at desc, id limit $${params.length}`,
    params as never[],
  );
  const items = rows.map(toPayment);
  const next = rows.length === q.limit ? items[items.length - 1].createdAt.toISOString() : null;
  return { items, next };
}

/**
 * A user's succeeded deposits through `provider` that still have money the
 * provider could refund, newest first (withdrawals pay back through them).
 */
export async function refundablePayments(
  sql: SqlOrTx,
  userId: string,
  provider: ProviderName,
): Promise<Payment[]> {
  const rows = await sql.unsafe<Row[]>(
    `select ${COLUMNS} from payments
     where user_id = $1 and provider = $2 and state = 'succeeded' and refunded < amount
     order by created_at desc, id`,
    [userId, provider],
  );
  return rows.map(toPayment);
}
