/** What every route can reach, built once at start. */
import type { SfuClient } from "./sfu_client.ts";
import type { ServerConfig } from "./config.ts";
import type { Db } from "./db.ts";
import type { SigningKeys } from "./keys.ts";

export interface AppDeps {
  config: Readonly<ServerConfig>;
  db: Db;
  kv: Deno.Kv;
  keys: SigningKeys;
  sfu: SfuClient;
  cameraKey: string;
}

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}
