/**
 * Reads what the VOPR's invariants look at: every ledger account with its
 * kept totals beside the same recomputed from the transfers, each market's
 * escrow, each bet with what became of its hold and what was paid for it
 * (by the transfer ids the ledger's callers choose: `payout:<bet>:<n>`,
 * `refund:<bet>:<n>`, `clawback:<bet>:<n>`, `shortfall:<bet>:<n>`), and each
 * bettor's wallet as `GET /api/wallet` shows it.
 */
import type { Sql } from "../../db.ts";
import type { AccountRow, BetRow, MarketRow, Snapshot } from "./invariants.ts";

const n = (v: unknown) => Number(v ?? 0);

export async function readAccounts(sql: Sql): Promise<AccountRow[]> {
  const rows = await sql<Record<string, string>[]>`
    with live as (
      select t.*, exists (select 1 from ledger_transfers r where r.pending_id = t.id) as resolved
      from ledger_transfers t
    ), sums as (
      select a.id,
        coalesce(sum(l.amount) filter (where l.debit_account_id = a.id and l.type in ('single', 'post')), 0) as dp,
        coalesce(sum(l.amount) filter (where l.credit_account_id = a.id and l.type in ('single', 'post')), 0) as cp,
        coalesce(sum(l.amount) filter (where l.debit_account_id = a.id and l.type = 'pending' and not l.resolved), 0) as dpe,
        coalesce(sum(l.amount) filter (where l.credit_account_id = a.id and l.type = 'pending' and not l.resolved), 0) as cpe
      from ledger_accounts a
      left join live l on l.debit_account_id = a.id or l.credit_account_id = a.id
      group by a.id
    )
    select a.id, a.kind, a.owner, a.currency, a.debits_posted, a.credits_posted,
      a.debits_pending, a.credits_pending, s.dp, s.cp, s.dpe, s.cpe
    from ledger_accounts a join sums s using (id) order by a.id`;
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    owner: r.owner,
    currency: r.currency,
    stored: {
      debitsPosted: n(r.debits_posted),
      creditsPosted: n(r.credits_posted),
      debitsPending: n(r.debits_pending),
      creditsPending: n(r.credits_pending),
    },
    recomputed: {
      debitsPosted: n(r.dp),
      creditsPosted: n(r.cp),
      debitsPending: n(r.dpe),
      creditsPending: n(r.cpe),
    },
  }));
}

export async function readMarkets(sql: Sql, accounts: AccountRow[]): Promise<MarketRow[]> {
  const escrow = new Map(accounts.filter((a) => a.kind === "escrow").map((a) => [a.owner, a]));
  const rows = await sql<Record<string, string>[]>`
    select id, state, result, determinations, takeout_bps, suspend_capture_ms,
      'lane ' || lane_id || ' frame ' || frame || ' ball ' || ball || ' ' || kind || ' opened ' ||
        (extract(epoch from opened_at) * 1000)::bigint || ' suspended ' ||
        coalesce((extract(epoch from suspended_at) * 1000)::bigint::text, '-') as label
    from markets order by opened_at, id`;
  return rows.map((r) => {
    const e = escrow.get(r.id)?.recomputed;
    return {
      id: r.id,
      label: r.label,
      suspendCaptureMs: r.suspend_capture_ms === null ? null : n(r.suspend_capture_ms),
      state: r.state,
      result: r.result,
      determinations: n(r.determinations),
      takeoutBps: n(r.takeout_bps),
      escrowPosted: e ? e.creditsPosted - e.debitsPosted : 0,
      escrowPending: e ? e.creditsPending - e.debitsPending : 0,
    };
  });
}

export async function readBets(sql: Sql): Promise<BetRow[]> {
  const rows = await sql<Record<string, string>[]>`
    with money as (
      -- A stake posted at suspension and then voided comes back as a transfer under its void id.
      select split_part(id, ':', 2) as bet,
        case when type = 'single' and split_part(id, ':', 1) = 'stake-void' then 'refund'
          else split_part(id, ':', 1) end as what,
        split_part(id, ':', 3) as det, sum(amount) as amount, count(*) as n
      from ledger_transfers
      where split_part(id, ':', 1) in ('payout', 'refund', 'clawback', 'shortfall')
        or (type = 'single' and split_part(id, ':', 1) = 'stake-void')
      group by 1, 2, 3
    ), per_bet as (
      select bet,
        coalesce(sum(amount) filter (where what = 'payout'), 0) as paid,
        coalesce(sum(amount) filter (where what = 'refund'), 0) as refunded,
        coalesce(sum(amount) filter (where what = 'clawback'), 0) as clawed,
        coalesce(sum(amount) filter (where what = 'shortfall'), 0) as shortfall,
        coalesce(max(n) filter (where what = 'payout'), 0) as max_payouts
      from money group by bet
    )
    select b.id, b.user_id, b.market_id, b.outcome, b.stake, b.state, b.payout, b.void_reason,
      (extract(epoch from b.placed_at) * 1000000)::bigint::text as placed_us,
      case when h.id is null then 'missing'
        when r.type = 'post' then 'posted' when r.type = 'void' then 'voided' else 'pending' end as hold,
      coalesce(p.paid, 0) as paid, coalesce(p.refunded, 0) as refunded,
      coalesce(p.clawed, 0) as clawed, coalesce(p.shortfall, 0) as shortfall,
      coalesce(p.max_payouts, 0) as max_payouts
    from bets b
    left join ledger_transfers h on h.id = b.hold_id
    left join ledger_transfers r on r.pending_id = b.hold_id
    left join per_bet p on p.bet = b.id::text
    order by b.placed_at, b.id`;
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    marketId: r.market_id,
    outcome: r.outcome,
    stake: n(r.stake),
    state: r.state as BetRow["state"],
    payout: r.payout === null ? null : n(r.payout),
    voidReason: r.void_reason,
    placedAtUs: BigInt(r.placed_us),
    hold: r.hold as BetRow["hold"],
    paid: n(r.paid),
    refunded: n(r.refunded),
    clawedBack: n(r.clawed),
    shortfall: n(r.shortfall),
    maxPayoutsPerDetermination: n(r.max_payouts),
  }));
}

/** Everything but the ledger's own check and the wallets, which come through the app. */
/** Each withdrawal's state, by id. */
export async function readWithdrawals(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; state: string }[]>`select id, state from withdrawals`;
  return new Map(rows.map((r) => [r.id, r.state]));
}

export async function readSnapshot(
  sql: Sql,
  extra: Pick<Snapshot, "ledger" | "wallets">,
): Promise<Snapshot> {
  const accounts = await readAccounts(sql);
  const [markets, bets] = [await readMarkets(sql, accounts), await readBets(sql)];
  return { ...extra, accounts, markets, bets, withdrawals: await readWithdrawals(sql) };
}
