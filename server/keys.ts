/**
 * The Ed25519 key pair that signs lane tokens, kept in DATA_DIR so tokens
 * survive restarts, and the public half as a JWKS for the SFU.
 */
import * as jose from "jose";
import { generateLaneKeys, TOKEN_ALG } from "../core/lane_token.ts";

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
  jwks: { keys: jose.JWK[] };
}

export async function loadOrCreateSigningKeys(dataDir: string): Promise<SigningKeys> {
  return await keysFromJwk(await loadOrCreateSigningJwk(dataDir));
}

/** The private JWK of the signing pair in DATA_DIR, generated there on first use. */
export async function loadOrCreateSigningJwk(dataDir: string): Promise<jose.JWK> {
  const path = `${dataDir}/keys/lane_signing.jwk.json`;
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw new Error(`Cannot read the signing key "${path}": ${(err as Error).message}`);
    const pair = await generateLaneKeys();
    const privateJwk = await jose.exportJWK(pair.privateKey);
    await Deno.mkdir(`${dataDir}/keys`, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(path, JSON.stringify(privateJwk), { mode: 0o600 });
    return privateJwk;
  }
}

export async function keysFromJwk(privateJwk: jose.JWK): Promise<SigningKeys> {
  const { d: _d, ...publicJwk } = privateJwk;
  const kid = await jose.calculateJwkThumbprint(publicJwk);
  const privateKey = await jose.importJWK(privateJwk, TOKEN_ALG) as CryptoKey;
  const publicKey = await jose.importJWK(publicJwk, TOKEN_ALG) as CryptoKey;
  return { privateKey, publicKey, kid, jwks: { keys: [{ ...publicJwk, kid, alg: TOKEN_ALG, use: "sig" }] } };
}

/** A random secret, generated once into DATA_DIR (the camera key when CAMERA_KEY is unset). */
export async function loadOrCreateSecret(dataDir: string, name: string): Promise<string> {
  const path = `${dataDir}/keys/${name}`;
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    const secret = jose.base64url.encode(crypto.getRandomValues(new Uint8Array(24)));
    await Deno.mkdir(`${dataDir}/keys`, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(path, secret, { mode: 0o600 });
    return secret;
  }
}
