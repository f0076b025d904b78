/**
 * A user's wallet as they see it: balances, the history of their account
 * (signed amounts, what each transfer was for in words, a hold shown once
 * with the state its post or void gave it), and sandbox deposits through the
 * same ledger path a real payment provider's will take
 * (`clearing:<provider>` → the user's account, id `deposit:<user>:<key>`).
 */
import { DomainError } from "../../core/errors.ts";
import type { MarketKind, Wallet, WalletTransaction } from "../../core/markets.ts";
import type { Role } from "../auth/roles.ts";
import type { SqlOrTx } from "../db.ts";
import type { Ledger } from "./ledger.ts";
import { creditPayment } from "../payments/payments.ts";
import { startPayment } from "../payments/start.ts";

export interface WalletOptions {
  ledger: Ledger;
  /** Money comes from the sandbox provider (config SANDBOX_DEPOSITS): demo money. */
  demo: boolean;
}

/**
 * `pending` is what the ledger holds (the stakes of open bets, mostly) and
 * `available` what it lets the user spend. A market that suspended has its
 * stakes posted into its escrow before the ball lands
 * (server/markets/post_stakes.ts); those still count as pending here, and in
 * the balance, until their bets settle: available never changes by it.
 */
export async function walletOf(
  sql: SqlOrTx,
  o: WalletOptions,
  user: { id: string; role: Role },
): Promise<Wallet> {
  const [b, posted] = await Promise.all([
    o.ledger.balance(sql, user.id),
    postedOpenStakes(sql, [user.id]),
  ]);
  const inPlay = posted.get(user.id) ?? 0;
  return {
    currency: o.ledger.currency,
    available: b.available,
    pending: b.pending + inPlay,
    balance: b.balance + inPlay,
    demo: o.demo,
    bettor: user.role === "bettor",
  };
}

/**
 * Per user: stakes of their open bets already posted into the market's
 * escrow. Only live markets (open or suspended) hold open bets, so the few
 * live markets are probed by (market, user).
 */
export async function postedOpenStakes(
  sql: SqlOrTx,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await sql<{ user_id: string; amount: string }[]>`
    select b.user_id::text as user_id, sum(b.stake)::text as amount
    from bets b join ledger_transfers r on r.pending_id = b.hold_id and r.type = 'post'
    where b.market_id = any(array(select id from markets where state in ('open', 'suspended')))
      and b.user_id = any(${userIds as string[]}::uuid[]) and b.state = 'open'
    group by b.user_id`;
  return new Map(rows.map((r) => [r.user_id, Number(r.amount)]));
}

/** Who may put money in: bettors only; staff and admins never. */
export function assertMayBet(role: Role): void {
  if (role === "staff" || role === "admin") {
    throw new DomainError("staff_may_not_bet", "Staff and admins may not bet or hold money");
  }
  if (role !== "bettor") {
    throw new DomainError("not_a_bettor", "Become a bettor first (POST /api/me/betting)");
  }
}

export interface Deposit {
  id: string;
  amount: number;
  provider: string;
  demo: boolean;
  state: "succeeded";
}

/**
 * A sandbox deposit: a `payments` row credited at once through the same path
 * a provider's confirmation takes (`clearing:sandbox` → the user, transfer
 * `deposit:<payment id>`; a debt is paid back first), after the user's
 * limits allow it (server/payments/start.ts). The same key again answers the
 * first deposit (`created: false`), whatever the limits say now; the same key
 * with another amount is refused (`idempotency_key_reused`). Call inside a
 * transaction.
 */
export async function deposit(
  tx: SqlOrTx,
  o: WalletOptions,
  input: { userId: string; amount: number; provider: "sandbox"; idempotencyKey?: string },
): Promise<{ deposit: Deposit; created: boolean }> {
  const { payment, created } = await startPayment(tx, {
    userId: input.userId,
    provider: "sandbox",
    amount: input.amount,
    currency: o.ledger.currency,
    idempotencyKey: input.idempotencyKey,
  });
  if (created) await creditPayment(tx, o.ledger, { paymentId: payment.id });
  return {
    deposit: {
      id: payment.id,
      amount: payment.amount,
      provider: "sandbox",
      demo: true,
      state: "succeeded",
    },
    created,
  };
}

interface Row {
  id: string;
  seq: string;
  type: "single" | "pending";
  code: string;
  amount: string;
  incoming: boolean;
  resolution: "post" | "void" | null;
  counterparty_kind: string;
  counterparty_owner: string;
  bet_id: string | null;
  market_id: string | null;
  market_kind: MarketKind | null;
  line: number | null;
  frame: number | null;
  bowler: string | null;
  created_at: Date;
}

/** A user's transactions, newest first, `limit` at a time; `next` pages on (`before`). */
export async function listTransactions(
  sql: SqlOrTx,
  o: WalletOptions,
  userId: string,
  q: { limit: number; before?: string },
): Promise<{ items: WalletTransaction[]; next: string | null }> {
  const rows = await sql<Row[]>`
    with acct as (
      select id from ledger_accounts
      where kind = 'user' and owner = ${userId} and currency = ${o.ledger.currency}
    )
    select t.id, t.seq::text as seq, t.type, t.code, t.amount::text as amount,
      t.credit_account_id = acct.id as incoming, r.type as resolution,
      other.kind as counterparty_kind, other.owner as counterparty_owner,
      t.bet_id, t.market_id, m.kind as market_kind, m.line, m.frame, b.name as bowler, t.created_at
    from acct
      join ledger_transfers t on acct.id in (t.debit_account_id, t.credit_account_id)
      join ledger_accounts other on other.id = case
        when t.credit_account_id = acct.id then t.debit_account_id else t.credit_account_id end
      left join ledger_transfers r on r.pending_id = t.id
      left join markets m on m.id = t.market_id
      left join session_bowlers b on b.id = m.bowler_id
    where t.type in ('single', 'pending')
      and (${q.before ?? null}::bigint is null or t.seq < ${q.before ?? null}::bigint)
    order by t.seq desc
    limit ${q.limit}`;
  const items = rows.map((r) => toTransaction(r, o));
  const next = rows.length === q.limit ? rows[rows.length - 1].seq : null;
  return { items, next };
}

const KIND_OF_CODE: Record<string, string> = {
  deposit: "deposit",
  stake: "stake",
  payout: "payout",
  refund: "refund",
  clawback: "clawback",
  withdrawal: "withdrawal",
};

const VERB: Record<string, string> = {
  stake: "Stake on",
  payout: "Winnings on",
  refund: "Refund on",
  clawback: "Correction on",
};

function toTransaction(r: Row, o: WalletOptions): WalletTransaction {
  const amount = Number(r.amount);
  const state = r.type === "single" || r.resolution === "post"
    ? "posted"
    : r.resolution === "void"
    ? "void"
    : "pending";
  const demo = r.counterparty_kind === "clearing" ? r.counterparty_owner === "sandbox" : o.demo;
  return {
    id: r.id,
    kind: KIND_OF_CODE[r.code] ?? r.code,
    amount: r.incoming ? amount : -amount,
    state,
    currency: o.ledger.currency,
    betId: r.bet_id,
    marketId: r.market_id,
    description: describe(r),
    demo,
    createdAt: r.created_at.toISOString(),
  };
}

/** "Stake on Strike — frame 3, Ana", "Sandbox deposit (demo money)". */
export function describe(
  r: Pick<
    Row,
    | "code"
    | "counterparty_kind"
    | "counterparty_owner"
    | "market_kind"
    | "line"
    | "frame"
    | "bowler"
  >,
): string {
  if (r.code === "deposit") {
    return r.counterparty_owner === "sandbox"
      ? "Sandbox deposit (demo money)"
      : `Deposit via ${r.counterparty_owner}`;
  }
  const verb = VERB[r.code] ?? r.code[0].toUpperCase() + r.code.slice(1).replaceAll(/[_-]/g, " ");
  if (!r.market_kind) return verb.replace(/ on$/, "");
  const market = marketLabel(r.market_kind, r.line);
  const ball = r.frame ? ` — frame ${r.frame}${r.bowler ? `, ${r.bowler}` : ""}` : "";
  return `${verb} ${market}${ball}`;
}

function marketLabel(kind: MarketKind, line: number | null): string {
  switch (kind) {
    case "strike":
      return "Strike";
    case "spare":
      return "Spare";
    case "pins-over-under":
      return `Pins over/under ${line ?? ""}`.trim();
    case "speed-over-under":
      return `Speed over/under ${line ?? ""} mph`.replace("  ", " ");
  }
}
