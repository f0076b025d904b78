/**
 * What the deployment tests read: the compose file, the Kubernetes manifests,
 * the entry point, and the environment variables the processes know.
 */
import { parseAllDocuments } from "yaml";

// deno-lint-ignore no-explicit-any
export type Obj = Record<string, any>;

export const here = (p: string): URL => new URL(p, import.meta.url);
export const root = (p: string): URL => new URL(`../${p}`, import.meta.url);

/** Every YAML document of a file, as plain data; a syntax error fails the caller. */
export async function yamlDocs(url: URL): Promise<Record<string, unknown>[]> {
  // Merge keys (`<<: *anchor`) as Compose reads them.
  const docs = parseAllDocuments(await Deno.readTextFile(url), { merge: true });
  if (!Array.isArray(docs)) throw new Error(`${url.pathname} has no YAML documents`);
  return docs.map((d) => {
    if (d.errors.length) throw new Error(`${url.pathname}: ${d.errors[0].message}`);
    return d.toJS({ maxAliasCount: 100 });
  }).filter((d) => d !== null);
}

/** The processes deploy/entrypoint.sh starts, each with its script. */
export async function entrypointProcesses(): Promise<Map<string, string>> {
  const text = await Deno.readTextFile(here("entrypoint.sh"));
  const procs = new Map<string, string>();
  for (const m of text.matchAll(/^\s+([a-z]+)\) exec "\$DENO" run -A (\S+\.ts)/gm)) {
    procs.set(m[1], m[2]);
  }
  return procs;
}

/** The secrets deploy/entrypoint.sh takes from NAME_FILE. */
export async function fileSecrets(): Promise<string[]> {
  const text = await Deno.readTextFile(here("entrypoint.sh"));
  const m = /^SECRET_NAMES="([A-Z_ ]+)"$/m.exec(text);
  if (!m) throw new Error("entrypoint.sh names no SECRET_NAMES");
  return m[1].split(" ");
}

/**
 * Variables the other helpers of issue 18 add (sfu18: SFU hosts announcing
 * themselves; api18: the live bus over PostgreSQL). merger: once their config
 * modules have them, this list can go (the test then finds them there).
 */
export const PENDING_ENV = ["SFU_HOST_ID", "SFU_ANNOUNCE_URL"];

/** Every variable a Lanecast process reads: the keys of the four config schemas, and the entry point's. */
export async function knownEnv(): Promise<Set<string>> {
  const names = new Set<string>(PENDING_ENV);
  for (
    const file of ["server/config.ts", "sfu/config.ts", "inference/config.ts", "sim/config.ts"]
  ) {
    const text = await Deno.readTextFile(root(file));
    for (const m of text.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)) names.add(m[1]);
  }
  for (const name of await fileSecrets()) names.add(`${name}_FILE`);
  // Read by the launcher and the image rather than a config module.
  for (const name of ["DENO_DIR", "MEDIASOUP_WORKER_BIN"]) names.add(name);
  return names;
}

/** `a-b` → [a, b]; one port → [p, p]. */
export function portRange(text: string): [number, number] {
  const [a, b = a] = text.split("-").map(Number);
  return [a, b];
}

/** Every object of the Kubernetes manifests, in the kustomization's order, with its file. */
export async function manifests(): Promise<{ file: string; doc: Obj }[]> {
  const kustomization = (await yamlDocs(here("k8s/kustomization.yaml")))[0] as Obj;
  const files = kustomization.resources as string[];
  const out: { file: string; doc: Obj }[] = [];
  for (const file of files) {
    for (const doc of await yamlDocs(here(`k8s/${file}`))) out.push({ file, doc });
  }
  return out;
}
