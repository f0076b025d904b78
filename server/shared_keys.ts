/**
 * Where the server's generated keys come from: DATA_DIR (one instance), or,
 * with `SHARED_KEYS=on`, the `server_secrets` table, so that every API
 * instance on one database signs and checks with the same lane token key
 * and agrees on the generated camera, inference, SFU and clip URL keys. The
 * first instance to start stores its own (from its DATA_DIR, generated there
 * if need be); every later one takes what is stored. Keys given in the
 * environment (CAMERA_KEY, …) are used as they are and never stored.
 *
 * @example
 * ```ts ignore
 * const store = createKeyStore({ sql, dataDir: "./data", shared: true });
 * const keys = await store.signingKeys();
 * const cameraKey = await store.secret("camera_key");
 * ```
 * @module
 */
import type { Sql } from "./db.ts";
import {
  keysFromJwk,
  loadOrCreateSecret,
  loadOrCreateSigningJwk,
  type SigningKeys,
} from "./keys.ts";

export interface KeyStore {
  signingKeys(): Promise<SigningKeys>;
  /** A generated secret by name ("camera_key", "inference_key", …). */
  secret(name: string): Promise<string>;
}

export function createKeyStore(o: { sql: Sql; dataDir: string; shared: boolean }): KeyStore {
  const share = async (name: string, local: () => Promise<string>): Promise<string> => {
    if (!o.shared) return await local();
    const stored = async () =>
      (await o.sql<{ value: string }[]>`select value from server_secrets where name = ${name}`)[0]
        ?.value;
    const found = await stored();
    if (found !== undefined) return found;
    await o.sql`
      insert into server_secrets (name, value) values (${name}, ${await local()})
      on conflict (name) do nothing`;
    return (await stored())!;
  };
  return {
    async signingKeys() {
      const jwk = await share(
        "lane_signing_jwk",
        async () => JSON.stringify(await loadOrCreateSigningJwk(o.dataDir)),
      );
      return await keysFromJwk(JSON.parse(jwk));
    },
    secret: (name) => share(name, () => loadOrCreateSecret(o.dataDir, name)),
  };
}
