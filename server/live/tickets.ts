/**
 * Live tickets: `EventSource` cannot send an `Authorization` header, so a
 * signed-in page asks for a ticket (`POST /api/live/tickets`) and opens the
 * lane's live stream with `?ticket=…`; the stream then also carries the
 * holder's own channel (`bet`, `wallet`). A ticket is random, good for
 * {@linkcode LIVE_TICKET_TTL_MS}, used at most once (an atomic KV delete), and
 * stored only as its sha-256. Redeeming checks the holder's standing now: a
 * disabled account or an ended login gets nothing.
 *
 * @example
 * ```ts ignore
 * const { ticket, expiresAt } = await issueLiveTicket(kv, user);
 * const userId = await redeemLiveTicket(kv, standing, ticket); // throws live_ticket_invalid
 * ```
 * @module
 */
import { base64url } from "jose";
import { DomainError } from "../../core/problem.ts";
import type { AuthUser } from "../auth/guard.ts";
import type { Standing } from "../auth/standing.ts";
import { KEYS } from "../kv.ts";

export const LIVE_TICKET_TTL_MS = 60_000;
export const LIVE_TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

interface TicketEntry {
  userId: string;
  loginId: string | null;
  expiresAtMs: number;
}

async function hashOf(ticket: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(ticket));
  return base64url.encode(new Uint8Array(digest));
}

const invalid = () =>
  new DomainError("live_ticket_invalid", "This live ticket is unknown, expired or already used");

export async function issueLiveTicket(
  kv: Deno.Kv,
  user: AuthUser,
  now = Date.now(),
): Promise<{ ticket: string; expiresAt: string }> {
  const ticket = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  const expiresAtMs = now + LIVE_TICKET_TTL_MS;
  const entry: TicketEntry = { userId: user.id, loginId: user.loginId ?? null, expiresAtMs };
  await kv.set(KEYS.liveTicket(await hashOf(ticket)), entry, { expireIn: LIVE_TICKET_TTL_MS });
  return { ticket, expiresAt: new Date(expiresAtMs).toISOString() };
}

/** The user a ticket was issued to; it cannot be used again. */
export async function redeemLiveTicket(
  kv: Deno.Kv,
  standing: Standing,
  ticket: string,
  now = Date.now(),
): Promise<string> {
  if (!LIVE_TICKET_PATTERN.test(ticket)) throw invalid();
  const key = KEYS.liveTicket(await hashOf(ticket));
  const entry = await kv.get<TicketEntry>(key);
  if (!entry.value) throw invalid();
  const res = await kv.atomic().check(entry).delete(key).commit();
  if (!res.ok || entry.value.expiresAtMs <= now) throw invalid();
  const who = await standing.of(entry.value.userId, entry.value.loginId ?? undefined);
  if (!who || who.disabled || !who.loginLive) throw invalid();
  return entry.value.userId;
}
