/**
 * deploy/compose.yaml holds together: PostgreSQL, two API instances behind
 * the proxy, two SFU hosts each with its own UDP range published 1:1, a
 * sidecar and the simulator, every one started through the image's entry
 * point with variables its process reads. (deploy/schema_test.ts checks it
 * against the Compose specification's schema.)
 */
import assert from "node:assert/strict";
import { SHARED_SECRETS, SIGNING_KEY_FILE } from "./make_keys.ts";
import {
  entrypointProcesses,
  fileSecrets,
  here,
  knownEnv,
  portRange,
  yamlDocs,
} from "./testing.ts";

/** A volume as compose's short (`source:target[:ro]`) or long syntax writes it. */
type Mount = string | {
  type: string;
  source: string;
  target: string;
  read_only?: boolean;
  volume?: { subpath?: string };
};

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: Mount[];
  depends_on?: Record<string, { condition: string }>;
}

async function compose() {
  const [doc] = await yamlDocs(here("compose.yaml"));
  return doc as { services: Record<string, Service>; volumes: Record<string, unknown> };
}

const IMAGE = "lanecast:local";
const KEYS_DIR = "/app/data/keys";
const ALL_KEYS = [SIGNING_KEY_FILE, ...Object.keys(SHARED_SECRETS)];

const sourceOf = (m: Mount) => typeof m === "string" ? m.split(":")[0] : m.source;

/** The key files of the `keys` volume a service's container can read. */
function mountedKeys(s: Service): string[] {
  const files = new Set<string>();
  for (const m of s.volumes ?? []) {
    if (sourceOf(m) !== "keys") continue;
    const subpath = typeof m === "string" ? undefined : m.volume?.subpath;
    if (subpath === undefined) ALL_KEYS.forEach((f) => files.add(f));
    else files.add(subpath.replace(/^\/+/, "").split("/")[0]);
  }
  return [...files].sort();
}
const byProcess = (services: Record<string, Service>, process: string) =>
  Object.entries(services).filter(([, s]) => s.image === IMAGE && s.command?.[0] === process);

/** `${VAR:?message}` and `${VAR:-default}` as compose fills them in with LANECAST_PUBLIC_IP set. */
const interpolate = (s: string) =>
  s.replace(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g, (_, name) => `<${name}>`);

Deno.test("the compose file runs PostgreSQL, two API instances, two SFU hosts, a sidecar and the simulator", async () => {
  const { services } = await compose();
  assert.match(services.postgres.image!, /^postgres:\d+/);
  assert.equal(byProcess(services, "server").length, 2);
  assert.equal(byProcess(services, "sfu").length, 2);
  assert.equal(byProcess(services, "inference").length, 1);
  assert.equal(byProcess(services, "sim").length, 1);
  const procs = await entrypointProcesses();
  for (const [name, s] of Object.entries(services)) {
    if (s.image !== IMAGE) continue;
    assert.ok(procs.has(s.command![0]), `${name}: the entry point has no process ${s.command}`);
  }
});

Deno.test("every Lanecast service sets only variables its processes read", async () => {
  const { services } = await compose();
  const known = await knownEnv();
  for (const [name, s] of Object.entries(services)) {
    if (s.image !== IMAGE) continue;
    for (const v of Object.keys(s.environment ?? {})) {
      assert.ok(known.has(v), `${name}: no process reads ${v}`);
    }
  }
});

Deno.test("each SFU host has its own id, URL and UDP range, published as it announces it", async () => {
  const { services } = await compose();
  const hosts = byProcess(services, "sfu");
  const ids = new Set<string>(), urls = new Set<string>(), hostPorts = new Set<number>();
  const ranges: [number, number][] = [];
  for (const [name, s] of hosts) {
    const env = s.environment!;
    ids.add(env.SFU_ID);
    urls.add(interpolate(env.SFU_PUBLIC_URL));
    assert.equal(interpolate(env.RTC_ANNOUNCED_IP), "<LANECAST_PUBLIC_IP>", name);
    const range = [Number(env.RTC_MIN_PORT), Number(env.RTC_MAX_PORT)] as [number, number];
    assert.ok(range[0] < range[1], `${name}: RTC port range`);
    const udp = s.ports!.filter((p) => p.endsWith("/udp")).map((p) => p.slice(0, -4).split(":"));
    assert.equal(udp.length, 1, `${name}: one UDP mapping`);
    // Published 1:1: the ports in the ICE candidates are the ones the host binds.
    assert.deepEqual(portRange(udp[0][0]), range, `${name}: host side of the UDP mapping`);
    assert.deepEqual(portRange(udp[0][1]), range, `${name}: container side of the UDP mapping`);
    for (const [a, b] of ranges) assert.ok(range[1] < a || range[0] > b, `${name}: ranges overlap`);
    ranges.push(range);
    const http = s.ports!.filter((p) => !p.endsWith("/udp")).map((p) => p.split(":"));
    assert.equal(http.length, 1);
    assert.equal(http[0][1], "8001");
    hostPorts.add(Number(http[0][0]));
    assert.match(interpolate(env.SFU_PUBLIC_URL), new RegExp(`:${http[0][0]}$`), name);
    assert.match(env.SFU_SERVICE_KEY_FILE, /^\/app\/data\/keys\//);
  }
  assert.equal(ids.size, hosts.length);
  assert.equal(urls.size, hosts.length);
  assert.equal(hostPorts.size, hosts.length);
});

Deno.test("the API instances share one PostgreSQL, the live bus, the clips and the signing key", async () => {
  const { services } = await compose();
  const apis = byProcess(services, "server");
  const urls = new Set(apis.map(([, s]) => s.environment!.DATABASE_URL));
  assert.equal(urls.size, 1);
  assert.match([...urls][0], /^postgres:\/\/[^@]+@postgres:5432\//);
  for (const [name, s] of apis) {
    assert.equal(s.environment!.LIVE_BUS, "postgres", name);
    assert.ok(s.volumes!.includes("keys:/app/data/keys:ro"), `${name}: the shared keys`);
    assert.ok(s.volumes!.includes(`clips:${s.environment!.CLIP_DIR}`), `${name}: the shared clips`);
    assert.equal(s.depends_on!.postgres.condition, "service_healthy");
    assert.equal(s.depends_on!.keys.condition, "service_completed_successfully");
  }
  // The proxy sends to exactly these instances.
  const nginx = await Deno.readTextFile(here("nginx.conf"));
  const upstream = [...nginx.matchAll(/^\s*server ([a-z0-9-]+):8000\b/gm)].map((m) => m[1]);
  assert.deepEqual(upstream.sort(), apis.map(([name]) => name).sort());
  assert.match(nginx, /proxy_buffering off;/, "live updates pass unbuffered");
});

Deno.test("secrets come from the keys service's files, and every volume and dependency is declared", async () => {
  const { services, volumes } = await compose();
  assert.deepEqual(services.keys.command, ["keys"]);
  assert.ok(services.keys.volumes!.includes("keys:/app/data/keys"));
  const secrets = await fileSecrets();
  const files = new Set(Object.keys(SHARED_SECRETS).map((f) => `/app/data/keys/${f}`));
  for (const [name, s] of Object.entries(services)) {
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      if (!k.endsWith("_FILE")) continue;
      assert.ok(secrets.includes(k.slice(0, -5)), `${name}: the entry point ignores ${k}`);
      assert.ok(files.has(v), `${name}: ${k} names ${v}, a file keys does not make`);
      assert.ok(mountedKeys(s).includes(v.slice(KEYS_DIR.length + 1)), `${name}: ${v} not mounted`);
    }
    for (const m of s.volumes ?? []) {
      const source = sourceOf(m);
      if (!source.startsWith(".")) assert.ok(source in volumes, `${name}: volume ${source}`);
    }
    for (const dep of Object.keys(s.depends_on ?? {})) {
      assert.ok(dep in services, `${name} depends on ${dep}`);
    }
  }
});

Deno.test("only the API instances mount every key; each other service mounts just the keys it reads", async () => {
  const { services } = await compose();
  for (const [name, s] of Object.entries(services)) {
    if (s.image !== IMAGE || name === "keys") continue;
    const mounted = mountedKeys(s);
    if (s.command?.[0] === "server") {
      // The server reads (and signs with) every key of DATA_DIR/keys.
      assert.deepEqual(mounted, [...ALL_KEYS].sort(), name);
      continue;
    }
    const needed = Object.entries(s.environment ?? {})
      .filter(([k]) => k.endsWith("_FILE")).map(([, v]) => v.slice(KEYS_DIR.length + 1)).sort();
    assert.deepEqual(mounted, needed, `${name}: mounts keys it does not read`);
    assert.ok(!mounted.includes(SIGNING_KEY_FILE), `${name}: the private signing key`);
    for (const m of s.volumes ?? []) {
      if (typeof m === "string" || m.source !== "keys") continue;
      assert.equal(m.read_only, true, `${name}: ${m.target} read-only`);
      assert.equal(m.target, `${KEYS_DIR}/${m.volume!.subpath}`, name);
    }
  }
});
