/**
 * Test helper: an RSA key and a self-signed X.509 certificate for it (DER
 * built here: node:crypto can read certificates but not make them), as the
 * fake PayPal serves at its cert URL and signs webhooks with.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

/** DER tag-length-value. */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = concat(...parts);
  const n = body.length;
  const len = n < 0x80
    ? [n]
    : n < 0x100
    ? [0x81, n]
    : n < 0x10000
    ? [0x82, n >> 8, n & 0xff]
    : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat(new Uint8Array([tag, ...len]), body);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const bytes = (...b: number[]) => new Uint8Array(b);
const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
const text = (s: string) => new TextEncoder().encode(s);
/** sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
const SHA256_RSA = seq(
  tlv(0x06, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)),
  tlv(0x05),
);
/** A name with one common name (2.5.4.3). */
const name = (cn: string) =>
  seq(tlv(0x31, seq(tlv(0x06, bytes(0x55, 0x04, 0x03)), tlv(0x0c, text(cn)))));
/** UTCTime `YYMMDDHHMMSSZ`. */
const utcTime = (d: Date) =>
  tlv(0x17, text(d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));

export interface TestCert {
  privateKey: KeyObject;
  /** The certificate, PEM. */
  pem: string;
}

/** A fresh 2048-bit RSA key and a certificate for it valid from an hour ago for a year. */
export function selfSignedCert(commonName: string): TestCert {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serial = crypto.getRandomValues(new Uint8Array(8));
  serial[0] &= 0x7f;
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, bytes(2))),
    tlv(0x02, serial),
    SHA256_RSA,
    name(commonName),
    seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name(commonName),
    new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, bytes(0), new Uint8Array(signature)));
  const b64 = btoa(String.fromCharCode(...der)).replace(/.{64}/g, "$&\n").trim();
  return {
    privateKey,
    pem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
  };
}
