/**
 * Per-lane camera keys: a random secret shown once to staff, stored only as
 * its SHA-256 (the key is 256 random bits, so a fast hash is enough), and
 * compared in constant time when a camera presents it.
 *
 * @example
 * ```ts
 * const { key, hash } = newCameraKey();
 * cameraKeyMatches(key, hash); // true
 * ```
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Camera keys start with this, so one is recognisable in a config file (and never looks like a JWT). */
export const CAMERA_KEY_PREFIX = "lck_";
const HASH_PREFIX = "sha256:";

/** A new key and the hash to store for it. */
export function newCameraKey(): { key: string; hash: string } {
  const key = CAMERA_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, hash: hashCameraKey(key) };
}

export function hashCameraKey(key: string): string {
  return HASH_PREFIX + createHash("sha256").update(key, "utf8").digest("hex");
}

/** Whether `key` is the one `hash` was made from (constant time in the key). */
export function cameraKeyMatches(key: string, hash: string | null): boolean {
  if (!hash?.startsWith(HASH_PREFIX)) return false;
  return sameSecret(hashCameraKey(key), hash);
}

/** Constant-time string comparison (length differences are not hidden). */
export function sameSecret(given: string, want: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(want);
  return a.length === b.length && timingSafeEqual(a, b);
}
