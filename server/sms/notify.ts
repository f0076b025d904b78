/**
 * Notification texts: a deposit credited, a withdrawal paid or failed, a
 * bet's result once its market is final. Each goes only to the user's
 * verified phone, only when they want that kind (`notification_settings`:
 * settled bets opt-in, payments on unless turned off), never to a number
 * that texted STOP. Queued through the `sms.send` outbox in the caller's
 * transaction, at most once per fact (`fact_key` unique: `deposit:<payment
 * id>`, `withdrawal-paid:<id>`, `bet:<bet id>`), so a fact reported twice
 * texts once. Settled bets are one set-based insert per batch of markets.
 */
import { DomainError } from "../../core/problem.ts";
import type { SqlOrTx } from "../db.ts";
import { phoneStatus } from "../phone/verification.ts";
import { SMS_SEND } from "./messages.ts";

export interface NotificationSettings {
  betSettled: boolean;
  payments: boolean;
}

/** Money as a text shows it (`12.50 USD`). */
export function moneyText(amount: number, currency: string): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
}

/**
 * Texts `body` to `userId` about `factKey` when they have a verified phone,
 * want payment texts and did not opt out; one statement. True when queued now.
 */
async function notifyPayment(
  tx: SqlOrTx,
  n: { userId: string; kind: "deposit" | "withdrawal"; factKey: string; body: string },
): Promise<boolean> {
  const rows = await tx`
    with texts as (
      insert into sms_messages (kind, user_id, to_phone, body, fact_key)
      select ${n.kind}, p.user_id, p.phone, ${n.body}, ${n.factKey}
      from user_phones p left join notification_settings s on s.user_id = p.user_id
      where p.user_id = ${n.userId} and p.verified_at is not null
        and coalesce(s.payments, true)
        and not exists (select 1 from sms_opt_outs o where o.phone = p.phone)
      on conflict (fact_key) do nothing
      returning id
    )
    insert into outbox (topic, fact_id)
    select ${SMS_SEND}, id::text from texts
    returning id`;
  return rows.length === 1;
}

/** Texts the user that a deposit reached their wallet (call in the crediting transaction). */
export function notifyDeposit(
  tx: SqlOrTx,
  d: { userId: string; paymentId: string; amount: number; currency: string },
): Promise<boolean> {
  return notifyPayment(tx, {
    userId: d.userId,
    kind: "deposit",
    factKey: `deposit:${d.paymentId}`,
    body: `Lanecast: your deposit of ${moneyText(d.amount, d.currency)} is in your wallet.`,
  });
}

/** Texts the user that a withdrawal was paid, or failed and its money is back (call in that transaction). */
export function notifyWithdrawal(
  tx: SqlOrTx,
  w: {
    userId: string;
    withdrawalId: string;
    amount: number;
    currency: string;
    outcome: "paid" | "failed";
  },
): Promise<boolean> {
  const money = moneyText(w.amount, w.currency);
  return notifyPayment(tx, {
    userId: w.userId,
    kind: "withdrawal",
    factKey: `withdrawal-${w.outcome}:${w.withdrawalId}`,
    body: w.outcome === "paid"
      ? `Lanecast: your withdrawal of ${money} has been paid.`
      : `Lanecast: your withdrawal of ${money} could not be paid; the money is back in your wallet.`,
  });
}

/**
 * Texts every won or lost bet of `marketIds` (final now) to its bettor when
 * they opted in: one insert for all of them. How many were queued.
 */
export async function notifyBetsSettled(tx: SqlOrTx, marketIds: string[]): Promise<number> {
  if (!marketIds.length) return 0;
  const rows = await tx`
    with texts as (
      insert into sms_messages (kind, user_id, to_phone, body, fact_key)
      select 'bet_settled', b.user_id, p.phone,
        case when b.state = 'won'
          then 'Lanecast: your bet won ' || to_char(b.payout / 100.0, 'FM999999999990.00') || ' '
            || b.currency || '.'
          else 'Lanecast: your bet of ' || to_char(b.stake / 100.0, 'FM999999999990.00') || ' '
            || b.currency || ' lost.'
        end,
        'bet:' || b.id
      from bets b
      join notification_settings s on s.user_id = b.user_id and s.bet_settled
      join user_phones p on p.user_id = b.user_id and p.verified_at is not null
      where b.market_id = any(${marketIds}::uuid[]) and b.state in ('won', 'lost')
        and not exists (select 1 from sms_opt_outs o where o.phone = p.phone)
      on conflict (fact_key) do nothing
      returning id
    )
    insert into outbox (topic, fact_id)
    select ${SMS_SEND}, id::text from texts
    returning id`;
  return rows.length;
}

export async function getNotificationSettings(
  sql: SqlOrTx,
  userId: string,
): Promise<NotificationSettings> {
  const [row] = await sql<{ bet_settled: boolean; payments: boolean }[]>`
    select bet_settled, payments from notification_settings where user_id = ${userId}`;
  return { betSettled: row?.bet_settled ?? false, payments: row?.payments ?? true };
}

/** Saves what the user wants texted; turning any text on needs a verified phone (`phone_not_verified`). */
export async function setNotificationSettings(
  sql: SqlOrTx,
  userId: string,
  s: NotificationSettings,
): Promise<NotificationSettings> {
  if ((s.betSettled || s.payments) && !(await phoneStatus(sql, userId)).verified) {
    throw new DomainError("phone_not_verified", "Verify a phone number first (POST /api/me/phone)");
  }
  await sql`
    insert into notification_settings (user_id, bet_settled, payments)
    values (${userId}, ${s.betSettled}, ${s.payments})
    on conflict (user_id) do update set bet_settled = excluded.bet_settled,
      payments = excluded.payments, updated_at = now()`;
  return s;
}
