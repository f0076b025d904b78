/**
 * Texts the server sends (`sms_messages`): written with their `sms.send`
 * outbox fact in the caller's transaction, handed to the provider by the
 * outbox consumer exactly once, never to a number that texted STOP (the text
 * is `opted_out`). Without a provider a text is `held`: it stays
 * readable by staff at `GET /api/staff/sms` (the development default, where a
 * phone code is read off the console).
 */
import { DomainError } from "../../core/problem.ts";
import type { SqlOrTx } from "../db.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { enqueue } from "../outbox/store.ts";
import type { SmsSender } from "./sender.ts";
import { optedOut } from "./status.ts";

export const SMS_SEND = "sms.send";

export type SmsKind = "phone_code" | "share" | "bet_settled" | "deposit" | "withdrawal";
export type SmsState = "queued" | "held" | "sent" | "opted_out";

export interface NewSms {
  kind: SmsKind;
  userId: string;
  to: string;
  body: string;
  mediaUrl?: string | null;
  shareId?: string | null;
}

export interface StoredSms {
  id: string;
  kind: SmsKind;
  userId: string | null;
  to: string;
  body: string;
  mediaUrl: string | null;
  state: SmsState;
  providerSid: string | null;
  /** Twilio's latest delivery status (status callbacks) and its error code. */
  deliveryStatus: string | null;
  deliveryError: number | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** What a sent phone code's body becomes (the code is not kept once it left). */
export const REDACTED_CODE = "Your Lanecast code: (sent)";

/** Stores a text and its outbox fact; call inside the transaction of what it follows. */
export async function queueSms(tx: SqlOrTx, sms: NewSms): Promise<string> {
  const [{ id }] = await tx<{ id: string }[]>`
    insert into sms_messages (kind, user_id, to_phone, body, media_url, share_id)
    values (${sms.kind}, ${sms.userId}, ${sms.to}, ${sms.body}, ${sms.mediaUrl ?? null},
            ${sms.shareId ?? null})
    returning id`;
  await enqueue(tx, SMS_SEND, id, {});
  return id;
}

/**
 * Throws `too_many_texts` when `userId` had `perHour` texts queued in the
 * last hour (codes to any number included: a sign-up cannot pump texts).
 */
export async function assertTextAllowance(
  tx: SqlOrTx,
  userId: string,
  perHour: number,
): Promise<void> {
  const [{ n, oldest }] = await tx<{ n: number; oldest: Date | null }[]>`
    select count(*)::int as n, min(created_at) as oldest from sms_messages
    where user_id = ${userId} and created_at > now() - interval '1 hour'`;
  if (n >= perHour) {
    const retryAfter = oldest
      ? Math.max(1, Math.ceil((oldest.getTime() + 3_600_000 - Date.now()) / 1000))
      : 3600;
    throw new DomainError("too_many_texts", `At most ${perHour} texts an hour`, { retryAfter });
  }
}

/**
 * The `sms.send` handler. A text already sent is never sent again; on a
 * retry (the last attempt may have reached the provider before its answer or
 * our commit was lost) the provider is first asked whether it already has
 * this text for this number, and that send is adopted.
 */
export function smsSendHandler(sender: SmsSender | null): OutboxHandler {
  return async (tx, fact) => {
    const [m] = await tx<
      { state: SmsState; to_phone: string; body: string; media_url: string | null }[]
    >`
      select state, to_phone, body, media_url from sms_messages where id = ${fact.factId} for update`;
    if (!m || m.state !== "queued") return;
    // The number texted STOP after this was queued: it is never sent.
    if (await optedOut(tx, m.to_phone)) {
      await tx`update sms_messages set state = 'opted_out' where id = ${fact.factId}`;
      return;
    }
    if (!sender) {
      await tx`update sms_messages set state = 'held' where id = ${fact.factId}`;
      return;
    }
    const message = { to: m.to_phone, body: m.body, mediaUrl: m.media_url };
    const earlier = fact.attempts > 1 ? await sender.findSent(message) : null;
    const sid = earlier ?? await sender.send(message);
    await tx`
      update sms_messages set state = 'sent', provider_sid = ${sid}, sent_at = now(),
        body = case when kind = 'phone_code' then ${REDACTED_CODE} else body end
      where id = ${fact.factId}`;
  };
}

interface Row {
  id: string;
  kind: SmsKind;
  user_id: string | null;
  to_phone: string;
  body: string;
  media_url: string | null;
  state: SmsState;
  provider_sid: string | null;
  delivery_status: string | null;
  delivery_error: number | null;
  created_at: Date;
  sent_at: Date | null;
}

/** The latest texts, newest first (staff console). */
export async function listTexts(sql: SqlOrTx, limit: number): Promise<StoredSms[]> {
  const rows = await sql<Row[]>`
    select * from sms_messages order by created_at desc, id limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    userId: r.user_id,
    to: r.to_phone,
    body: r.body,
    mediaUrl: r.media_url,
    state: r.state,
    providerSid: r.provider_sid,
    deliveryStatus: r.delivery_status,
    deliveryError: r.delivery_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}
