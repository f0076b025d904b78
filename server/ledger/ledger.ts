/**
 * The double-entry ledger: accounts made on first use, immutable transfers
 * whose ids the caller chooses (so every write is idempotent), pending holds
 * resolved at most once by a `post` or `void` transfer. Amounts are integer
 * minor units of the one `currency`.
 *
 * Only user accounts keep running totals. Before a change, the user accounts
 * it touches are locked (`FOR UPDATE`, ascending id, so two writers never
 * wait on each other in opposite orders) and their available balance
 * (credits posted − debits posted − debits pending) is checked: it never goes
 * below 0 (`insufficient-funds`; the table's CHECK constraint is the
 * backstop). System accounts (house, escrow, takeout, breakage, clearing)
 * keep no totals, so no hot row serialises the bets of one market; their
 * balances are summed from the transfers.
 *
 * Batches are set-based: a handful of statements whatever their size (the
 * rows travel as one JSON parameter, read with `jsonb_to_recordset`), so a
 * market of 10,000 bets settles in a few statements.
 *
 * @example
 * ```ts
 * const ledger = createLedger({ currency: "USD" });
 * await sql.begin(async (tx) => {
 *   await ledger.transfer(tx, {
 *     id: `deposit:${userId}:k1`, code: "deposit", amount: 500,
 *     debit: { kind: "clearing", owner: "sandbox" }, credit: { kind: "user", owner: userId },
 *   });
 * });
 * ```
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import type { SqlOrTx } from "../db.ts";
import {
  accountIds,
  balancesFromTransfers,
  countApplied,
  lockUsers,
  type RawTransfer,
  requireNew,
} from "./ledger_sql.ts";
import { validateId, validateRef, validateTransfer } from "./validate.ts";

export const ACCOUNT_KINDS = [
  "user",
  "house",
  "escrow",
  "takeout",
  "breakage",
  "clearing",
  "debt",
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
/** An account: its kind and owner (user id, market id, provider; "" when absent). */
export interface AccountRef {
  kind: AccountKind;
  owner?: string;
}
export interface TransferInput {
  id: string;
  debit: AccountRef;
  credit: AccountRef;
  amount: number;
  code: string;
  marketId?: string;
  betId?: string;
  memo?: Record<string, unknown>;
}
/** Holds left out by {@linkcode Ledger.holdMany}, by transfer id: the available balance they met. */
export type Refusals = Map<string, { available: number; needed: number }>;

/** A hold to resolve (`holdId`) with a new transfer `id`. */
export interface HoldResolution {
  holdId: string;
  id: string;
}

export interface Ledger {
  readonly currency: string;
  /** A posted transfer; same id again → { applied: false } (DomainError "transfer_id_taken" if different). Throws DomainError("insufficient-funds") when a user account would go below 0. */
  transfer(tx: SqlOrTx, t: TransferInput): Promise<{ applied: boolean }>;
  /** A pending hold (debits_pending of a user debit account); same rules. */
  hold(tx: SqlOrTx, t: TransferInput): Promise<{ applied: boolean }>;
  /**
   * Many holds in one statement, each judged alone in the given order: a hold
   * that would take its user's available balance below 0 is left out and
   * named in `refused` (with that balance and its amount); the rest apply.
   * Inside a transaction it takes a savepoint, so a failure leaves the
   * caller's transaction usable; `{ wholeTransaction: true }` says the caller
   * abandons its transaction on any failure, and skips the savepoint (two
   * round trips and a subtransaction fewer).
   */
  holdMany(
    tx: SqlOrTx,
    ts: TransferInput[],
    o?: { wholeTransaction?: boolean },
  ): Promise<{ applied: number; refused: Refusals }>;
  /** Set-based: many posted transfers in one statement (settlement); already-applied ids skipped. Returns how many applied. */
  transferMany(tx: SqlOrTx, ts: TransferInput[]): Promise<number>;
  /** Set-based: posts (or voids) each hold at most once; resolved ones skipped. Returns how many resolved now. */
  postHolds(tx: SqlOrTx, items: HoldResolution[]): Promise<number>;
  voidHolds(tx: SqlOrTx, items: HoldResolution[]): Promise<number>;
  /**
   * Gives each hold's amount back, whatever became of it: a hold still
   * pending is voided, a posted one is reversed by a transfer back (code
   * `refund`) under the same id, a voided one is left. Set-based; returns how
   * many transfers were written now.
   */
  returnHolds(tx: SqlOrTx, items: HoldResolution[]): Promise<number>;
  /** A user's balances (0s when no account yet). */
  balance(
    sql: SqlOrTx,
    userId: string,
  ): Promise<{ available: number; pending: number; balance: number }>;
  /** Posted credits − debits, and unresolved holds credited − debited, of any account (escrow checks). */
  accountBalance(sql: SqlOrTx, ref: AccountRef): Promise<{ posted: number; pending: number }>;
}

/**
 * Runs `fn` atomically: in a new transaction, or inside the caller's. There a
 * batch gets a savepoint; a single transfer needs none, since everything
 * that can refuse it is checked before it is written.
 */
function atomically<T>(
  sql: SqlOrTx,
  batch: boolean,
  fn: (tx: SqlOrTx) => Promise<T>,
): Promise<T> {
  if (!("savepoint" in sql)) return sql.begin((tx) => fn(tx)) as Promise<T>;
  return batch ? sql.savepoint((sp) => fn(sp)) as Promise<T> : fn(sql);
}

export function createLedger(o: { currency: string }): Ledger {
  if (!/^[A-Z]{3}$/.test(o.currency)) {
    throw new DomainError("invalid_currency", `Currency "${o.currency}" is not three letters A–Z`);
  }
  const currency = o.currency;

  /**
   * Applies new `single` or `pending` transfers; returns how many were new.
   * A batch that would take a user below 0 is refused whole, unless
   * `refused` is given: then only the transfers that would are left out, in order.
   */
  const apply = async (
    sql: SqlOrTx,
    type: "single" | "pending",
    ts: TransferInput[],
    refused?: Refusals,
    savepoint = true,
  ) => {
    const unique = dedupe(ts.map(validateTransfer));
    if (unique.length === 0) return 0;
    return await atomically(sql, savepoint && unique.length > 1, async (tx) => {
      const ids = await accountIds(tx, currency, unique.flatMap((t) => [t.debit, t.credit]));
      const key = (r: AccountRef) => `${r.kind}\u0000${r.owner ?? ""}`;
      const rows: RawTransfer[] = unique.map((t) => ({
        id: t.id,
        type,
        pending_id: null,
        debit_account_id: ids.get(key(t.debit))!,
        credit_account_id: ids.get(key(t.credit))!,
        amount: t.amount,
        currency,
        code: t.code,
        market_id: t.marketId ?? null,
        bet_id: t.betId ?? null,
        memo: t.memo ?? {},
      }));
      return await insertRows(tx, type, rows, refused);
    });
  };

  /** Writes transfer rows whose accounts are known (see `apply`), inside `tx`. */
  const insertRows = async (
    tx: SqlOrTx,
    type: "single" | "pending",
    rows: RawTransfer[],
    refused?: Refusals,
  ) => {
    if (rows.length === 0) return 0;
    // Pipelined on the connection: the look for existing ids runs once the locks are held.
    const [users, all] = await Promise.all([lockUsers(tx, rows), requireNew(tx, rows)]);
    const fresh = refused ? leaveOutShort(users, all, refused) : all;
    checkFunds(users, fresh, type);
    if (fresh.length === 0) return 0;
    const userIds = [...users.keys()];
    const json = tx.json(fresh as never);
    const inserted = await tx<{ id: string }[]>`
      with input as (
        select * from jsonb_to_recordset(${json}::jsonb) as x(
          id text, type text, debit_account_id bigint, credit_account_id bigint, amount bigint,
          currency text, code text, market_id uuid, bet_id uuid, memo jsonb)
      ), ins as (
        insert into ledger_transfers
          (id, type, debit_account_id, credit_account_id, amount, currency, code, market_id, bet_id, memo)
        select id, type, debit_account_id, credit_account_id, amount, currency, code, market_id,
               bet_id, coalesce(memo, '{}'::jsonb)
        from input
        on conflict do nothing
        returning id, type, debit_account_id, credit_account_id, amount
      ), moves as (
        select v.account_id, sum(v.d) as d, sum(v.c) as c
        from ins cross join lateral (values
          (ins.debit_account_id, ins.amount, 0::bigint), (ins.credit_account_id, 0::bigint, ins.amount)
        ) as v(account_id, d, c)
        where v.account_id = any(${userIds}::bigint[])
        group by v.account_id
      ), upd as (
        update ledger_accounts a
        set debits_posted = a.debits_posted + case when ${type}::text = 'single' then m.d else 0 end,
            credits_posted = a.credits_posted + case when ${type}::text = 'single' then m.c else 0 end,
            debits_pending = a.debits_pending + case when ${type}::text = 'pending' then m.d else 0 end,
            credits_pending = a.credits_pending + case when ${type}::text = 'pending' then m.c else 0 end
        from moves m where a.id = m.account_id
        returning a.id
      )
      select id from ins`;
    // Another writer may have inserted some of these ids after our look: same content is fine.
    return await countApplied(tx, fresh, inserted);
  };

  const resolve = async (sql: SqlOrTx, type: "post" | "void", items: HoldResolution[]) => {
    const list = dedupeResolutions(items);
    if (list.length === 0) return 0;
    return await atomically(sql, list.length > 1, async (tx) => {
      const holdIds = list.map((i) => i.holdId);
      const holds = await holdsOf(tx, holdIds);
      // A hold resolved already (by this id before, or by another) is left as it is.
      const rows: RawTransfer[] = list.flatMap((i) => {
        const h = holds.get(i.holdId);
        if (!h) throw new DomainError("unknown_hold", `Cannot find hold "${i.holdId}"`);
        if (h.resolved) return [];
        return [{ ...h, id: i.id, type, pending_id: h.id, amount: Number(h.amount), memo: {} }];
      });
      if (!rows.length) return 0;
      const [users, fresh] = await Promise.all([lockUsers(tx, rows), requireNew(tx, rows)]);
      const userIds = [...users.keys()];
      const json = tx.json(fresh.map((r) => ({ id: r.id, pending_id: r.pending_id })) as never);
      const inserted = await tx<{ id: string }[]>`
        with input as (
          select * from jsonb_to_recordset(${json}::jsonb) as x(id text, pending_id text)
        ), ins as (
          insert into ledger_transfers
            (id, type, pending_id, debit_account_id, credit_account_id, amount, currency, code,
             market_id, bet_id)
          select i.id, ${type}::text, h.id, h.debit_account_id, h.credit_account_id, h.amount, h.currency,
                 h.code, h.market_id, h.bet_id
          from input i join ledger_transfers h on h.id = i.pending_id
          on conflict do nothing
          returning id, debit_account_id, credit_account_id, amount
        ), moves as (
          select v.account_id, sum(v.d) as d, sum(v.c) as c
          from ins cross join lateral (values
            (ins.debit_account_id, ins.amount, 0::bigint), (ins.credit_account_id, 0::bigint, ins.amount)
          ) as v(account_id, d, c)
          where v.account_id = any(${userIds}::bigint[])
          group by v.account_id
        ), upd as (
          update ledger_accounts a
          set debits_pending = a.debits_pending - m.d, credits_pending = a.credits_pending - m.c,
              debits_posted = a.debits_posted + case when ${type}::text = 'post' then m.d else 0 end,
              credits_posted = a.credits_posted + case when ${type}::text = 'post' then m.c else 0 end
          from moves m where a.id = m.account_id
          returning a.id
        )
        select id from ins`;
      // Skipped: a hold already resolved (by another id), or an id a racing writer took.
      return await countApplied(tx, fresh, inserted);
    });
  };

  return {
    currency,
    transfer: async (tx, t) => ({ applied: (await apply(tx, "single", [t])) === 1 }),
    hold: async (tx, t) => ({ applied: (await apply(tx, "pending", [t])) === 1 }),
    async holdMany(tx, ts, o) {
      const refused: Refusals = new Map();
      const savepoint = !o?.wholeTransaction;
      return { applied: await apply(tx, "pending", ts, refused, savepoint), refused };
    },
    transferMany: (tx, ts) => apply(tx, "single", ts),
    postHolds: (tx, items) => resolve(tx, "post", items),
    voidHolds: (tx, items) => resolve(tx, "void", items),
    async returnHolds(sql, items) {
      const list = dedupeResolutions(items);
      if (list.length === 0) return 0;
      return await atomically(sql, true, async (tx) => {
        const holds = await holdsOf(tx, list.map((i) => i.holdId));
        const open: HoldResolution[] = [];
        const back: RawTransfer[] = [];
        for (const i of list) {
          const h = holds.get(i.holdId);
          if (!h) throw new DomainError("unknown_hold", `Cannot find hold "${i.holdId}"`);
          if (h.resolved === null) open.push(i);
          else if (h.resolved === "post") {
            back.push({
              ...h,
              id: i.id,
              type: "single",
              pending_id: null,
              debit_account_id: h.credit_account_id,
              credit_account_id: h.debit_account_id,
              amount: Number(h.amount),
              code: "refund",
              memo: {},
            });
          }
        }
        return await resolve(tx, "void", open) + await insertRows(tx, "single", back);
      });
    },
    async balance(sql, userId) {
      const [row] = await sql<{ posted: string; pending: string }[]>`
        select (credits_posted - debits_posted)::text as posted, debits_pending::text as pending
        from ledger_accounts where kind = 'user' and owner = ${userId} and currency = ${currency}`;
      const posted = Number(row?.posted ?? 0);
      const pending = Number(row?.pending ?? 0);
      return { available: posted - pending, pending, balance: posted };
    },
    async accountBalance(sql, ref) {
      const { kind, owner } = validateRef(ref);
      const [account] = await sql<{ id: string }[]>`
        select id::text as id from ledger_accounts
        where kind = ${kind} and owner = ${owner!} and currency = ${currency}`;
      if (!account) return { posted: 0, pending: 0 };
      const balances = await balancesFromTransfers(sql, [account.id]);
      return balances.get(account.id) ?? { posted: 0, pending: 0 };
    },
  };
}

/** Holds by id, each with what resolved it (`post`, `void`, or null while pending). */
async function holdsOf(
  tx: SqlOrTx,
  holdIds: string[],
): Promise<Map<string, RawTransfer & { resolved: "post" | "void" | null }>> {
  const rows = await tx<(RawTransfer & { resolved: "post" | "void" | null })[]>`
    select h.id, h.type, h.pending_id, h.debit_account_id::text, h.credit_account_id::text,
           h.amount::text, h.currency, h.code, h.market_id, h.bet_id, h.memo, r.type as resolved
    from ledger_transfers h left join ledger_transfers r on r.pending_id = h.id
    where h.id in (select unnest(${holdIds}::text[])) and h.type = 'pending'`;
  return new Map(rows.map((h) => [h.id, h]));
}

/** The same id twice in one batch: once if identical, else refused. */
function dedupe(ts: TransferInput[]): TransferInput[] {
  const seen = new Map<string, TransferInput>();
  for (const t of ts) {
    const before = seen.get(t.id);
    if (!before) seen.set(t.id, t);
    else if (JSON.stringify(strip(before)) !== JSON.stringify(strip(t))) {
      throw new DomainError(
        "transfer_id_taken",
        `Transfer "${t.id}" is given twice with different content`,
      );
    }
  }
  return [...seen.values()];
}

function strip(t: TransferInput) {
  return [
    t.debit.kind,
    t.debit.owner ?? "",
    t.credit.kind,
    t.credit.owner ?? "",
    t.amount,
    t.code,
    t.marketId ?? null,
    t.betId ?? null,
  ];
}

function dedupeResolutions(items: HoldResolution[]): HoldResolution[] {
  const seen = new Map<string, HoldResolution>();
  for (const i of items) {
    validateId(i.id);
    validateId(i.holdId);
    const before = seen.get(i.id);
    if (before && before.holdId !== i.holdId) {
      throw new DomainError("transfer_id_taken", `Transfer "${i.id}" resolves two holds`);
    }
    seen.set(i.id, i);
  }
  return [...seen.values()];
}

/**
 * The holds that fit, in order: each debit is taken from its user's available
 * balance as it goes, and one that would go below 0 is left out (into `refused`).
 */
function leaveOutShort(
  users: Map<string, { available: number }>,
  rows: RawTransfer[],
  refused: Refusals,
): RawTransfer[] {
  const left = new Map([...users].map(([id, u]) => [id, u.available]));
  return rows.filter((r) => {
    const d = String(r.debit_account_id);
    const available = left.get(d);
    if (available === undefined) return true;
    const needed = Number(r.amount);
    if (available - needed < 0) {
      refused.set(r.id, { available, needed });
      return false;
    }
    left.set(d, available - needed);
    return true;
  });
}

/** Refuses a batch that would take a user account below 0 available, before anything is written. */
function checkFunds(
  users: Map<string, { available: number }>,
  fresh: RawTransfer[],
  type: "single" | "pending",
) {
  const change = new Map<string, number>();
  for (const r of fresh) {
    const d = String(r.debit_account_id);
    const c = String(r.credit_account_id);
    if (users.has(d)) change.set(d, (change.get(d) ?? 0) - Number(r.amount));
    // A credit only counts once posted; a pending credit is not available yet.
    if (users.has(c) && type === "single") change.set(c, (change.get(c) ?? 0) + Number(r.amount));
  }
  for (const [id, delta] of change) {
    const available = users.get(id)!.available;
    if (available + delta < 0) {
      throw new DomainError("insufficient-funds", "Not enough available in the wallet", {
        available,
        needed: -delta,
      });
    }
  }
}
