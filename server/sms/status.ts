/**
 * What Twilio tells us about texts, after its signature is checked (the
 * official SDK's `validateRequest`, over the URL we registered — from
 * config, never from the request's Host — and the form parameters):
 * - status callbacks: each sent text's delivery (`delivered`, `failed`,
 *   `undelivered`, …) stored on it; a late callback never moves a text back
 *   (a `sent` arriving after `delivered` is ignored);
 * - inbound texts: STOP (and Twilio's other opt-out words) opts the number
 *   out of every text; START (and its synonyms) opts it back in.
 */
import twilio from "twilio";
import type { SqlOrTx } from "../db.ts";

/** Twilio's opt-out and opt-in keywords (its default Advanced Opt-Out list). */
const STOP_WORDS = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
]);
const START_WORDS = new Set(["START", "YES", "UNSTOP"]);

/** How far along a delivery status is; a callback only moves a text forward. */
const STATUS_RANK: Record<string, number> = {
  queued: 0,
  accepted: 0,
  scheduled: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  read: 4,
  canceled: 3,
};

/** Whether `signature` is Twilio's for `url` and `params` under `authToken`. */
export function twilioSigned(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** Stores a status callback on its text; false when no text has that sid or the status is older. */
export async function recordDeliveryStatus(
  sql: SqlOrTx,
  s: { messageSid: string; status: string; errorCode?: string | null },
): Promise<boolean> {
  const rank = STATUS_RANK[s.status];
  if (rank === undefined) return false;
  const error = s.errorCode && /^\d{1,9}$/.test(s.errorCode) ? Number(s.errorCode) : null;
  const rows = await sql`
    update sms_messages set delivery_status = ${s.status}, delivery_error = ${error},
      delivery_at = now()
    where provider_sid = ${s.messageSid}
      and coalesce(case delivery_status
        when 'sending' then 1 when 'sent' then 2 when 'read' then 4
        when 'delivered' then 3 when 'undelivered' then 3 when 'failed' then 3
        when 'canceled' then 3 else 0 end, -1) <= ${rank}
    returning id`;
  return rows.length > 0;
}

/** Applies an inbound text's keyword: "stop", "start", or null when it is neither. */
export async function applyInboundKeyword(
  sql: SqlOrTx,
  from: string,
  body: string,
): Promise<"stop" | "start" | null> {
  const word = body.trim().toUpperCase();
  if (!/^\+[1-9][0-9]{6,14}$/.test(from)) return null;
  if (STOP_WORDS.has(word)) {
    await sql`insert into sms_opt_outs (phone) values (${from}) on conflict (phone) do nothing`;
    return "stop";
  }
  if (START_WORDS.has(word)) {
    await sql`delete from sms_opt_outs where phone = ${from}`;
    return "start";
  }
  return null;
}

/** Whether `phone` texted STOP (and not START since). */
export async function optedOut(sql: SqlOrTx, phone: string): Promise<boolean> {
  const rows = await sql`select 1 from sms_opt_outs where phone = ${phone}`;
  return rows.length > 0;
}
