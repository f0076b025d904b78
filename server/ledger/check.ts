/**
 * The ledger audited from its transfers: every balance recomputed and
 * compared with the running totals users' accounts keep, every currency
 * summing to zero, no user's available balance below zero, each transfer
 * between accounts that exist and in their currency, each post/void matching its hold, every
 * finalized or void market's escrow empty, and no debt paid back beyond what
 * was owed. Read-only; staff run it from the
 * console (`GET /api/admin/ledger/check`) and tests after every step.
 *
 * @example
 * ```ts
 * const { ok, violations } = await checkLedger(sql);
 * if (!ok) console.error(violations);
 * ```
 * @module
 */
import type { SqlOrTx } from "../db.ts";
import { balancesFromTransfers } from "./ledger_sql.ts";

export interface Violation {
  code:
    | "totals_mismatch"
    | "negative_available"
    | "currency_unbalanced"
    | "currency_mismatch"
    | "unknown_account"
    | "resolution_mismatch"
    | "escrow_not_empty"
    | "debt_overpaid";
  message: string;
  [detail: string]: unknown;
}

export interface LedgerCheck {
  ok: boolean;
  violations: Violation[];
}

/** At most this many violations of one code are listed (the first ones). */
const LIST_LIMIT = 100;

interface AccountRow {
  id: string;
  kind: string;
  owner: string;
  currency: string;
  debits_posted: string;
  credits_posted: string;
  debits_pending: string;
  credits_pending: string;
  r_debits_posted: string;
  r_credits_posted: string;
  r_debits_pending: string;
  r_credits_pending: string;
}

const TOTALS = ["debits_posted", "credits_posted", "debits_pending", "credits_pending"] as const;

/** Checks the ledger (of one `currency`, or all). */
export async function checkLedger(sql: SqlOrTx, currency?: string): Promise<LedgerCheck> {
  const only = currency ?? null;
  const accounts = await sql<AccountRow[]>`
    with moves as (
      select debit_account_id as account_id, amount as d, 0::bigint as c, type, id
      from ledger_transfers
      union all
      select credit_account_id, 0::bigint, amount, type, id from ledger_transfers
    ), sums as (
      select m.account_id,
        coalesce(sum(m.d) filter (where m.type in ('single', 'post')), 0) as dp,
        coalesce(sum(m.c) filter (where m.type in ('single', 'post')), 0) as cp,
        coalesce(sum(m.d) filter (where m.type = 'pending' and r.id is null), 0) as dn,
        coalesce(sum(m.c) filter (where m.type = 'pending' and r.id is null), 0) as cn
      from moves m left join ledger_transfers r on r.pending_id = m.id and m.type = 'pending'
      group by m.account_id
    )
    select a.id::text as id, a.kind, a.owner, a.currency,
      a.debits_posted::text as debits_posted, a.credits_posted::text as credits_posted,
      a.debits_pending::text as debits_pending, a.credits_pending::text as credits_pending,
      coalesce(s.dp, 0)::text as r_debits_posted, coalesce(s.cp, 0)::text as r_credits_posted,
      coalesce(s.dn, 0)::text as r_debits_pending, coalesce(s.cn, 0)::text as r_credits_pending
    from ledger_accounts a left join sums s on s.account_id = a.id
    where ${only}::text is null or a.currency = ${only}::text
    order by a.id`;
  const out: Violation[] = [];
  const add = (v: Violation) => {
    if (out.filter((o) => o.code === v.code).length < LIST_LIMIT) out.push(v);
  };
  const sums = new Map<string, { posted: bigint; pending: bigint }>();
  for (const a of accounts) {
    const r = (k: (typeof TOTALS)[number]) => BigInt(a[`r_${k}`]);
    const s = sums.get(a.currency) ?? { posted: 0n, pending: 0n };
    s.posted += r("credits_posted") - r("debits_posted");
    s.pending += r("credits_pending") - r("debits_pending");
    sums.set(a.currency, s);
    if (a.kind === "debt" && r("credits_posted") > r("debits_posted")) {
      add({
        code: "debt_overpaid",
        message: `Debt of user "${a.owner}" was paid back beyond what was owed`,
        accountId: a.id,
        owner: a.owner,
        owed: Number(r("debits_posted") - r("credits_posted")),
      });
    }
    if (a.kind !== "user") continue;
    const stored = Object.fromEntries(TOTALS.map((k) => [k, Number(a[k])]));
    const recomputed = Object.fromEntries(TOTALS.map((k) => [k, Number(r(k))]));
    if (TOTALS.some((k) => stored[k] !== recomputed[k])) {
      add({
        code: "totals_mismatch",
        message: `Totals of the account of user "${a.owner}" differ from its transfers`,
        accountId: a.id,
        owner: a.owner,
        stored,
        recomputed,
      });
    }
    const available = Math.min(
      stored.credits_posted - stored.debits_posted - stored.debits_pending,
      recomputed.credits_posted - recomputed.debits_posted - recomputed.debits_pending,
    );
    if (available < 0) {
      add({
        code: "negative_available",
        message: `User "${a.owner}" has ${available} available`,
        accountId: a.id,
        owner: a.owner,
        available,
      });
    }
  }
  for (const [cur, s] of sums) {
    if (s.posted !== 0n || s.pending !== 0n) {
      add({
        code: "currency_unbalanced",
        message: `Balances in "${cur}" sum to ${s.posted} posted and ${s.pending} pending, not 0`,
        currency: cur,
        posted: Number(s.posted),
        pending: Number(s.pending),
      });
    }
  }
  for (const v of await transferViolations(sql, only)) add(v);
  for (const v of await escrowViolations(sql, only)) add(v);
  return { ok: out.length === 0, violations: out };
}

async function transferViolations(sql: SqlOrTx, only: string | null): Promise<Violation[]> {
  // Left joins: a transfer whose account does not exist (no foreign key stops one) is listed too.
  const mismatched = await sql<
    { id: string; currency: string; debit: string | null; credit: string | null }[]
  >`
    select t.id, t.currency, d.currency as debit, c.currency as credit
    from ledger_transfers t
      left join ledger_accounts d on d.id = t.debit_account_id
      left join ledger_accounts c on c.id = t.credit_account_id
    where (d.id is null or c.id is null or t.currency <> d.currency or t.currency <> c.currency)
      and (${only}::text is null or ${only}::text in (t.currency, d.currency, c.currency))
    order by t.seq limit ${LIST_LIMIT}`;
  const resolutions = await sql<{ id: string; hold_id: string; hold_type: string | null }[]>`
    select t.id, t.pending_id as hold_id, h.type as hold_type
    from ledger_transfers t left join ledger_transfers h on h.id = t.pending_id
    where t.type in ('post', 'void')
      and (h.id is null or h.type <> 'pending' or h.debit_account_id <> t.debit_account_id
        or h.credit_account_id <> t.credit_account_id or h.amount <> t.amount
        or h.currency <> t.currency)
      and (${only}::text is null or t.currency = ${only}::text)
    order by t.seq limit ${LIST_LIMIT}`;
  return [
    ...mismatched.filter((m) => m.debit === null || m.credit === null).map((m): Violation => ({
      code: "unknown_account",
      message: `Transfer "${m.id}" moves ${
        m.debit === null ? "from" : "to"
      } an account that does not exist`,
      transferId: m.id,
    })),
    ...mismatched.filter((m) => m.debit !== null && m.credit !== null).map((m): Violation => ({
      code: "currency_mismatch",
      message:
        `Transfer "${m.id}" in "${m.currency}" moves between accounts in "${m.debit}" and "${m.credit}"`,
      transferId: m.id,
      currency: m.currency,
      debitCurrency: m.debit,
      creditCurrency: m.credit,
    })),
    ...resolutions.map((r): Violation => ({
      code: "resolution_mismatch",
      message: r.hold_type === "pending"
        ? `Transfer "${r.id}" does not match the accounts or amount of hold "${r.hold_id}"`
        : `Transfer "${r.id}" resolves "${r.hold_id}", which is not a hold`,
      transferId: r.id,
      holdId: r.hold_id,
    })),
  ];
}

async function escrowViolations(sql: SqlOrTx, only: string | null): Promise<Violation[]> {
  const escrows = await sql<{ id: string; market_id: string; state: string }[]>`
    select a.id::text as id, m.id as market_id, m.state
    from markets m join ledger_accounts a
      on a.kind = 'escrow' and a.owner = m.id::text and a.currency = m.currency
    where m.state in ('finalized', 'void') and (${only}::text is null or m.currency = ${only}::text)`;
  const balances = await balancesFromTransfers(sql, escrows.map((e) => e.id));
  return escrows.flatMap((e): Violation[] => {
    const b = balances.get(e.id) ?? { posted: 0, pending: 0 };
    if (b.posted === 0 && b.pending === 0) return [];
    return [{
      code: "escrow_not_empty",
      message:
        `Escrow of ${e.state} market "${e.market_id}" holds ${b.posted} posted and ${b.pending} pending`,
      marketId: e.market_id,
      state: e.state,
      ...b,
    }];
  });
}
