/** The ledger's shared statements: accounts on first use, locking user accounts, existing ids. */
import { DomainError } from "../../core/errors.ts";
import type { SqlOrTx } from "../db.ts";
import type { AccountRef } from "./ledger.ts";

/** A transfer row as written (account ids are bigint, carried as strings). */
export interface RawTransfer {
  id: string;
  type: "single" | "pending" | "post" | "void";
  pending_id: string | null;
  debit_account_id: string;
  credit_account_id: string;
  amount: number | string;
  currency: string;
  code: string;
  market_id: string | null;
  bet_id: string | null;
  memo: Record<string, unknown>;
}

/** Ids of the accounts (made on first use, in a fixed order), keyed `kind\0owner`. */
export async function accountIds(
  tx: SqlOrTx,
  currency: string,
  refs: AccountRef[],
): Promise<Map<string, string>> {
  const unique = new Map<string, { kind: string; owner: string }>();
  for (const r of refs) {
    unique.set(`${r.kind}\u0000${r.owner ?? ""}`, { kind: r.kind, owner: r.owner ?? "" });
  }
  const list = [...unique.values()].sort((a, b) =>
    a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0
  );
  const json = tx.json(list as never);
  const find = () =>
    tx<{ id: string; kind: string; owner: string }[]>`
      select a.id::text as id, a.kind, a.owner
      from ledger_accounts a join jsonb_to_recordset(${json}::jsonb) as x(kind text, owner text)
        on a.kind = x.kind and a.owner = x.owner
      where a.currency = ${currency}`;
  let rows = await find();
  if (rows.length < list.length) {
    // First use of some: made in a fixed order, so two writers never wait on each other crosswise.
    await tx`
      insert into ledger_accounts (kind, owner, currency)
      select kind, owner, ${currency} from jsonb_to_recordset(${json}::jsonb) as x(kind text, owner text)
      order by kind, owner
      on conflict do nothing`;
    rows = await find();
  }
  return new Map(rows.map((r) => [`${r.kind}\u0000${r.owner}`, r.id]));
}

/** Locks the user accounts these transfers touch, ascending id; their available balances by id. */
export async function lockUsers(
  tx: SqlOrTx,
  rows: Pick<RawTransfer, "debit_account_id" | "credit_account_id">[],
): Promise<Map<string, { available: number }>> {
  const ids = [
    ...new Set(rows.flatMap((r) => [String(r.debit_account_id), String(r.credit_account_id)])),
  ];
  const locked = await tx<{ id: string; available: string }[]>`
    select id::text as id, (credits_posted - debits_posted - debits_pending)::text as available
    from ledger_accounts where id in (select unnest(${ids}::bigint[])) and kind = 'user'
    order by id for update`;
  return new Map(locked.map((r) => [r.id, { available: Number(r.available) }]));
}

/**
 * The rows whose ids are not written yet; an id already written with other content is refused.
 * Ids come as `in (select unnest($1))`, probed one by one through the index: once the statement
 * is prepared, `id = any($1)` gets a generic plan that scans the table comparing every row with
 * every id (seconds for a 10,000-bet market).
 */
export async function requireNew(tx: SqlOrTx, rows: RawTransfer[]): Promise<RawTransfer[]> {
  if (rows.length === 0) return rows;
  const existing = await tx<RawTransfer[]>`
    select id, type, pending_id, debit_account_id::text, credit_account_id::text, amount::text,
           currency, code, market_id, bet_id
    from ledger_transfers where id in (select unnest(${rows.map((r) => r.id)}::text[]))`;
  const byId = new Map(existing.map((e) => [e.id, e]));
  const fresh: RawTransfer[] = [];
  for (const r of rows) {
    const e = byId.get(r.id);
    if (!e) fresh.push(r);
    else if (!sameTransfer(e, r)) {
      throw new DomainError("transfer_id_taken", `Transfer "${r.id}" exists with other content`, {
        transferId: r.id,
      });
    }
  }
  return fresh;
}

/** The same content: everything but the memo and the time. */
export function sameTransfer(a: RawTransfer, b: RawTransfer): boolean {
  return a.type === b.type && (a.pending_id ?? null) === (b.pending_id ?? null) &&
    String(a.debit_account_id) === String(b.debit_account_id) &&
    String(a.credit_account_id) === String(b.credit_account_id) &&
    Number(a.amount) === Number(b.amount) && a.currency === b.currency && a.code === b.code &&
    (a.market_id ?? null) === (b.market_id ?? null) && (a.bet_id ?? null) === (b.bet_id ?? null);
}

/** How many of `fresh` were inserted; each one skipped must be already there with the same content. */
export async function countApplied(
  tx: SqlOrTx,
  fresh: RawTransfer[],
  inserted: { id: string }[],
): Promise<number> {
  if (inserted.length < fresh.length) {
    const done = new Set(inserted.map((r) => r.id));
    await requireNew(tx, fresh.filter((r) => !done.has(r.id)));
  }
  return inserted.length;
}

/**
 * Balances of accounts summed from their transfers: posted credits − debits,
 * and unresolved holds credited − debited. For system accounts, which keep no totals.
 */
export async function balancesFromTransfers(
  sql: SqlOrTx,
  accountIds: string[],
): Promise<Map<string, { posted: number; pending: number }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await sql<{ id: string; posted: string; pending: string }[]>`
    with moves as (
      select debit_account_id as account_id, -amount as amount, type, id from ledger_transfers
      where debit_account_id = any(${accountIds}::bigint[])
      union all
      select credit_account_id, amount, type, id from ledger_transfers
      where credit_account_id = any(${accountIds}::bigint[])
    )
    select m.account_id::text as id,
      coalesce(sum(m.amount) filter (where m.type in ('single', 'post')), 0)::text as posted,
      coalesce(sum(m.amount) filter (where m.type = 'pending' and not exists (
        select 1 from ledger_transfers r where r.pending_id = m.id)), 0)::text as pending
    from moves m group by m.account_id`;
  return new Map(rows.map((r) => [r.id, { posted: Number(r.posted), pending: Number(r.pending) }]));
}
