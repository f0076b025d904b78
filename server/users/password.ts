/**
 * Password hashing: argon2id (`@node-rs/argon2`) at OWASP's minimum cost,
 * stored as a PHC string. Passwords are bounded (10–200 characters) so a huge
 * one cannot make the KDF a denial of service.
 *
 * @example
 * ```ts
 * import { hashPassword, verifyPassword } from "./password.ts";
 *
 * const phc = await hashPassword("correct horse battery");
 * await verifyPassword(phc, "correct horse battery"); // true
 * ```
 * @module
 */
import { hash, verify } from "@node-rs/argon2";

/** argon2id cost: memory in KiB, passes, lanes (OWASP: m=19 MiB, t=2, p=1). */
export const KDF_PARAMS = Object.freeze({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });

/** The KDF as a benchmark or a report names it. */
export const KDF_NAME =
  `argon2id m=${KDF_PARAMS.memoryCost} KiB t=${KDF_PARAMS.timeCost} p=${KDF_PARAMS.parallelism}`;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, KDF_PARAMS);
}

/** True when `password` matches the PHC string; false for a wrong password or a hash that is not argon2. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password nobody knows, made with {@linkcode KDF_PARAMS}
 * (a test checks they still match).
 */
export const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$gfna9MwSfMDxI46jTWDFpw$7/I0s4rrdG85zeeMPEP3OK53t4BIGsTaDhmOCmCsi60";

/**
 * Spends the time of one verification without an account, so a login for an
 * unknown email takes as long as one with a wrong password.
 */
export async function verifyDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}

/** True when the PHC string was made with other parameters than {@linkcode KDF_PARAMS} (rehash it at the next login). */
export function needsRehash(phc: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!m) return true;
  return Number(m[1]) !== KDF_PARAMS.memoryCost || Number(m[2]) !== KDF_PARAMS.timeCost ||
    Number(m[3]) !== KDF_PARAMS.parallelism;
}
