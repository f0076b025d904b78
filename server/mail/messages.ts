/**
 * Mail the server sends (`mail_messages`): written with its `mail.send`
 * outbox fact in the caller's transaction, handed to the SMTP server by the
 * outbox consumer. Without an SMTP server (`SMTP_URL` unset, the embedded
 * default) a mail is `held`: admins read it at `GET /api/staff/mail` and the
 * server logs it, link included, on its stdout. A sent mail's body loses its
 * link: only the person it went to holds it.
 */
import type { SqlOrTx } from "../db.ts";
import type { OutboxHandler } from "../outbox/consumer.ts";
import { enqueue } from "../outbox/store.ts";
import type { MailSender } from "./sender.ts";

export const MAIL_SEND = "mail.send";

export type MailKind = "signup_confirm" | "signup_taken";
export type MailState = "queued" | "held" | "sent";

export interface NewMail {
  kind: MailKind;
  to: string;
  subject: string;
  body: string;
}

export interface StoredMail extends NewMail {
  id: string;
  state: MailState;
  createdAt: Date;
  sentAt: Date | null;
}

/** What a sent mail's links become in the stored copy. */
export const REDACTED_LINK = "(link sent)";
const LINK = /https?:\/\/\S+/g;

/** Stores a mail and its outbox fact; call inside the transaction of what it follows. */
export async function queueMail(tx: SqlOrTx, mail: NewMail): Promise<string> {
  const [{ id }] = await tx<{ id: string }[]>`
    insert into mail_messages (kind, to_email, subject, body)
    values (${mail.kind}, ${mail.to}, ${mail.subject}, ${mail.body})
    returning id`;
  await enqueue(tx, MAIL_SEND, id, {});
  return id;
}

/** How many mails of `kind` went to `to` (any case) in the last `minutes`. */
export async function recentMailCount(
  tx: SqlOrTx,
  to: string,
  kind: MailKind,
  minutes: number,
): Promise<number> {
  const [{ n }] = await tx<{ n: number }[]>`
    select count(*)::int as n from mail_messages
    where lower(to_email) = lower(${to}) and kind = ${kind}
      and created_at > now() - make_interval(mins => ${minutes})`;
  return n;
}

/**
 * The `mail.send` handler: a queued mail goes to the SMTP server once (a
 * retry after a lost answer resends it with the same `Message-ID`), or is
 * held and logged when there is no SMTP server.
 */
export function mailSendHandler(
  sender: MailSender | null,
  log: (line: string) => void = console.log,
): OutboxHandler {
  return async (tx, fact) => {
    const [m] = await tx<{ state: MailState; to_email: string; subject: string; body: string }[]>`
      select state, to_email, subject, body from mail_messages where id = ${fact.factId} for update`;
    if (!m || m.state !== "queued") return;
    if (!sender) {
      await tx`update mail_messages set state = 'held' where id = ${fact.factId}`;
      log(`mail held (no SMTP_URL) to ${m.to_email}: ${m.subject}\n${m.body}`);
      return;
    }
    await sender.send({ id: fact.factId, to: m.to_email, subject: m.subject, text: m.body });
    await tx`
      update mail_messages set state = 'sent', sent_at = now(),
        body = regexp_replace(body, ${LINK.source}, ${REDACTED_LINK}, 'g')
      where id = ${fact.factId}`;
  };
}

interface Row {
  id: string;
  kind: MailKind;
  to_email: string;
  subject: string;
  body: string;
  state: MailState;
  created_at: Date;
  sent_at: Date | null;
}

/** The latest mails, newest first, optionally only those to `to` (admin console). */
export async function listMail(
  sql: SqlOrTx,
  o: { limit: number; to?: string },
): Promise<StoredMail[]> {
  const rows = await sql<Row[]>`
    select * from mail_messages
    where ${o.to ? sql`lower(to_email) = lower(${o.to})` : sql`true`}
    order by created_at desc, id limit ${o.limit}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.to_email,
    subject: r.subject,
    body: r.body,
    state: r.state,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}
