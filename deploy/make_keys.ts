/**
 * The secrets every Lanecast process of one deployment shares, made once:
 * the lane-token signing key (every API instance signs with it, every SFU
 * host verifies it), the camera key, the inference key, the SFU service key
 * and the clip URL key. Written into DATA_DIR/keys as the server itself would
 * write them, so API instances that mount that folder read them instead of
 * each making its own; a key already there is kept.
 *
 *   deno run -A deploy/make_keys.ts [dataDir]            # files in dataDir/keys
 *   deno run -A deploy/make_keys.ts [dataDir] --secret   # and a Kubernetes Secret on stdout
 *
 * The image runs it as `entrypoint.sh keys` (the compose file's `keys` service).
 */
import { stringify } from "yaml";
import { loadOrCreateSecret, loadOrCreateSigningKeys } from "../server/keys.ts";
import { makePrivateDir } from "../server/private_dir.ts";

/** File name in DATA_DIR/keys → the environment variable the processes read it from. */
export const SHARED_SECRETS = {
  camera_key: "CAMERA_KEY",
  inference_key: "INFERENCE_KEY",
  sfu_service_key: "SFU_SERVICE_KEY",
  clip_url_key: "CLIP_URL_KEY",
} as const;

/** The signing key's file in DATA_DIR/keys (server/keys.ts). */
export const SIGNING_KEY_FILE = "lane_signing.jwk.json";

/** Makes the keys that are missing in `dataDir/keys`; returns every shared key file's content by name. */
export async function makeKeys(dataDir: string): Promise<Record<string, string>> {
  await makePrivateDir(dataDir);
  await loadOrCreateSigningKeys(dataDir);
  const files: Record<string, string> = {
    [SIGNING_KEY_FILE]: await Deno.readTextFile(`${dataDir}/keys/${SIGNING_KEY_FILE}`),
  };
  for (const name of Object.keys(SHARED_SECRETS)) {
    files[name] = await loadOrCreateSecret(dataDir, name);
  }
  return files;
}

/** The keys as a Kubernetes Secret (deploy/k8s/secret.yaml names the same keys). */
export function keysSecret(files: Record<string, string>, namespace = "lanecast"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "lanecast-keys", namespace },
    type: "Opaque",
    stringData: files,
  });
}

if (import.meta.main) {
  const secret = Deno.args.includes("--secret");
  const dataDir = Deno.args.find((a) => !a.startsWith("--")) ?? Deno.env.get("DATA_DIR") ??
    "./data";
  const files = await makeKeys(dataDir);
  if (secret) console.log(keysSecret(files));
  else console.error(`make_keys: ${Object.keys(files).join(", ")} in ${dataDir}/keys`);
}
