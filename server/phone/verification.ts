/**
 * Verifying a user's phone number by a 6-digit code sent to it by text.
 * A code is kept as the server's Ed25519 signature (its lane-token key,
 * server/keys.ts; deterministic) over the user, a random salt and the code,
 * so a copy of the database alone cannot be searched for the code (a plain
 * salted hash of 10^6 codes falls in a moment); each wrong try is
 * committed before the refusal, and after `maxAttempts` wrong tries the code
 * is spent. A new code may be asked for every `RESEND_S` seconds, within the
 * user's hourly text allowance.
 */
import { timingSafeEqual } from "node:crypto";
import { DomainError } from "../../core/problem.ts";
import type { Sql, SqlOrTx } from "../db.ts";
import { base64url } from "jose";
import { assertTextAllowance, queueSms } from "../sms/messages.ts";
import { optedOut } from "../sms/status.ts";

/** Seconds before another code may be sent. */
export const RESEND_S = 30;

export interface PhoneRules {
  /** The key whose signatures stand for stored codes. */
  privateKey: CryptoKey;
  codeTtlS: number;
  maxAttempts: number;
  textsPerHour: number;
}

export interface PhoneStatus {
  phone: string | null;
  verified: boolean;
}

/** `phone` in E.164 (`+` and 7–15 digits; spaces, dots, dashes and brackets dropped), or `invalid_phone`. */
export function normalizePhone(phone: string): string {
  const compact = phone.replace(/[\s().-]/g, "");
  if (!/^\+[1-9][0-9]{6,14}$/.test(compact)) {
    throw new DomainError(
      "invalid_phone",
      `"${phone.slice(0, 32)}" is not a phone number in international form (+ and country code)`,
    );
  }
  return compact;
}

/** A uniformly random 6-digit code. */
export function newCode(): string {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  // Drop the top sliver of the range so every code is equally likely.
  if (n >= 4_294_000_000) return newCode();
  return String(n % 1_000_000).padStart(6, "0");
}

async function codeHash(key: CryptoKey, userId: string, salt: string, code: string) {
  const text = new TextEncoder().encode(`lanecast phone code\n${userId}\n${salt}\n${code}`);
  return base64url.encode(new Uint8Array(await crypto.subtle.sign("Ed25519", key, text)));
}

export async function phoneStatus(sql: SqlOrTx, userId: string): Promise<PhoneStatus> {
  const [row] = await sql<{ phone: string; verified_at: Date | null }[]>`
    select phone, verified_at from user_phones where user_id = ${userId}`;
  return { phone: row?.phone ?? null, verified: !!row?.verified_at };
}

/** The user's verified number, or `phone_not_verified`. */
export async function verifiedPhone(sql: SqlOrTx, userId: string): Promise<string> {
  const status = await phoneStatus(sql, userId);
  if (!status.verified || !status.phone) {
    throw new DomainError("phone_not_verified", "Verify a phone number first (POST /api/me/phone)");
  }
  return status.phone;
}

/** Sends a new code to `phone` for `userId` (a new number is unverified until its code comes back). */
export async function requestPhoneCode(
  sql: Sql,
  rules: PhoneRules,
  userId: string,
  phoneInput: string,
): Promise<{ phone: string; expiresAt: Date; messageId: string }> {
  const phone = normalizePhone(phoneInput);
  return await sql.begin(async (tx) => {
    if (await optedOut(tx, phone)) {
      throw new DomainError(
        "phone_opted_out",
        `"${phone}" texted STOP to us; text START to our number first`,
      );
    }
    const [held] = await tx<{ code_sent_at: Date | null }[]>`
      select code_sent_at from user_phones where user_id = ${userId} for update`;
    const since = held?.code_sent_at ? (Date.now() - held.code_sent_at.getTime()) / 1000 : Infinity;
    if (since < RESEND_S) {
      throw new DomainError("too_many_codes", "A code was just sent; wait before asking again", {
        retryAfter: Math.ceil(RESEND_S - since),
      });
    }
    await assertTextAllowance(tx, userId, rules.textsPerHour);
    const code = newCode();
    const salt = crypto.randomUUID();
    const expiresAt = new Date(Date.now() + rules.codeTtlS * 1000);
    await tx`
      insert into user_phones (user_id, phone, code_hash, code_salt, code_expires_at, code_attempts, code_sent_at)
      values (${userId}, ${phone}, ${await codeHash(
      rules.privateKey,
      userId,
      salt,
      code,
    )}, ${salt}, ${expiresAt}, 0, now())
      on conflict (user_id) do update set
        verified_at = case when user_phones.phone = excluded.phone then user_phones.verified_at end,
        phone = excluded.phone, code_hash = excluded.code_hash, code_salt = excluded.code_salt,
        code_expires_at = excluded.code_expires_at, code_attempts = 0, code_sent_at = now()`;
    const minutes = Math.max(1, Math.round(rules.codeTtlS / 60));
    const messageId = await queueSms(tx, {
      kind: "phone_code",
      userId,
      to: phone,
      body: `Your Lanecast code is ${code}. It expires in ${minutes} minutes.`,
    });
    return { phone, expiresAt, messageId };
  });
}

type Outcome =
  | { ok: true; phone: string }
  | { ok: false; error: DomainError };

/** Checks `code` against the pending one; a wrong try is counted (and committed) before the refusal. */
export async function verifyPhoneCode(
  sql: Sql,
  rules: PhoneRules,
  userId: string,
  code: string,
): Promise<PhoneStatus> {
  const outcome = await sql.begin(async (tx): Promise<Outcome> => {
    const [row] = await tx<{
      phone: string;
      code_hash: string | null;
      code_salt: string | null;
      code_expires_at: Date | null;
      code_attempts: number;
    }[]>`select phone, code_hash, code_salt, code_expires_at, code_attempts from user_phones
         where user_id = ${userId} for update`;
    if (!row?.code_hash || !row.code_salt || !row.code_expires_at) {
      return { ok: false, error: new DomainError("no_phone_code", "Ask for a code first") };
    }
    if (row.code_expires_at.getTime() <= Date.now()) {
      await tx`update user_phones set code_hash = null, code_salt = null where user_id = ${userId}`;
      return {
        ok: false,
        error: new DomainError("phone_code_expired", "This code has expired; ask for a new one"),
      };
    }
    const given = new TextEncoder().encode(
      await codeHash(rules.privateKey, userId, row.code_salt, code),
    );
    const stored = new TextEncoder().encode(row.code_hash);
    if (given.length === stored.length && timingSafeEqual(given, stored)) {
      await tx`
        update user_phones set verified_at = now(), code_hash = null, code_salt = null,
          code_expires_at = null, code_attempts = 0
        where user_id = ${userId}`;
      return { ok: true, phone: row.phone };
    }
    const attempts = row.code_attempts + 1;
    const left = Math.max(0, rules.maxAttempts - attempts);
    await tx`
      update user_phones set code_attempts = ${attempts},
        code_hash = case when ${left} = 0 then null else code_hash end,
        code_salt = case when ${left} = 0 then null else code_salt end
      where user_id = ${userId}`;
    return {
      ok: false,
      error: left === 0
        ? new DomainError("too_many_attempts", "Too many wrong codes; ask for a new one")
        : new DomainError("phone_code_wrong", "This code is not the one sent", {
          attemptsLeft: left,
        }),
    };
  });
  if (!outcome.ok) throw outcome.error;
  return { phone: outcome.phone, verified: true };
}
