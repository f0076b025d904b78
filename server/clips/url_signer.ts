/**
 * Signs and checks the local store's media URLs:
 * `sig = base64url(HMAC-SHA256(key, name + "\n" + exp))`, `exp` in epoch
 * seconds. A URL is good until `exp`; changing the name, the expiry or the
 * signature breaks it. Compared in constant time.
 * @module
 */
import { DomainError } from "../../core/errors.ts";
import * as jose from "jose";

export interface UrlSigner {
  sign(name: string, exp: number): Promise<string>;
  /** Throws 403 `clip_url_expired` or `clip_url_invalid` unless the signature is good now. */
  verify(name: string, exp: string | undefined, sig: string | undefined): Promise<void>;
}

export async function createUrlSigner(
  secret: string,
  now: () => number = Date.now,
): Promise<UrlSigner> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const data = (name: string, exp: number) => new TextEncoder().encode(`${name}\n${exp}`);
  return {
    async sign(name, exp) {
      const mac = await crypto.subtle.sign("HMAC", key, data(name, exp));
      return jose.base64url.encode(new Uint8Array(mac));
    },
    async verify(name, exp, sig) {
      const invalid = () => new DomainError("clip_url_invalid", "The media address is not signed");
      if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) {
        throw invalid();
      }
      let mac: Uint8Array<ArrayBuffer>;
      try {
        mac = new Uint8Array(jose.base64url.decode(sig));
      } catch {
        throw invalid();
      }
      // Only the canonical spelling: the last character's padding bits are not free to change.
      if (jose.base64url.encode(mac) !== sig) throw invalid();
      // crypto.subtle.verify compares in constant time.
      const good = await crypto.subtle.verify("HMAC", key, mac, data(name, Number(exp)));
      if (!good) throw invalid();
      if (Number(exp) * 1000 <= now()) {
        throw new DomainError("clip_url_expired", "The media address has expired");
      }
    },
  };
}
