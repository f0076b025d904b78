/**
 * The Dockerfile, read as Docker reads it (no engine runs here): it runs as a
 * non-root user, sets up the pinned Deno, the mediasoup worker and ffmpeg,
 * keeps the models, copies only what exists, and has an entry point per
 * process whose scripts exist; and the entry point itself behaves.
 */
import assert from "node:assert/strict";
import { entrypointProcesses, fileSecrets, here, portRange, root } from "./testing.ts";

interface Instruction {
  op: string;
  args: string;
}

/** Instructions in order: comments dropped, continuation lines joined. */
async function dockerfile(): Promise<Instruction[]> {
  const text = await Deno.readTextFile(root("Dockerfile"));
  const logical: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    logical.push(pending + line);
    pending = "";
  }
  assert.equal(pending, "", "the Dockerfile ends inside a continued line");
  return logical.filter((l) => l).map((l) => {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(l);
    assert.ok(m, `not an instruction: ${l}`);
    return { op: m[1].toUpperCase(), args: m[2].trim() };
  });
}

const KNOWN_OPS = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

/** ENV's `A=b C=d` pairs. */
const envPairs = (args: string) =>
  Object.fromEntries([...args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]]));

/** Whether .dockerignore leaves `path` (or a folder above it) out of the build context. */
async function ignored(path: string): Promise<boolean> {
  const patterns = (await Deno.readTextFile(root(".dockerignore"))).split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const parts = path.split("/");
  return patterns.some((p) => {
    const re = new RegExp(
      "^" + p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*") + "$",
    );
    return parts.some((_, i) => re.test(parts.slice(0, i + 1).join("/")));
  });
}

Deno.test("the Dockerfile is made of known instructions and starts from one base image", async () => {
  const ins = await dockerfile();
  assert.equal(ins[0].op, "FROM");
  assert.match(ins[0].args, /^[a-z0-9./-]+:[a-z0-9.-]+$/, "the base image has an explicit tag");
  for (const i of ins) assert.ok(KNOWN_OPS.has(i.op), `unknown instruction ${i.op}`);
  for (const op of ["CMD", "ENTRYPOINT", "USER", "WORKDIR"]) {
    assert.ok(ins.filter((i) => i.op === op).length <= 1, `${op} given twice`);
  }
});

Deno.test("the image's processes run as a non-root user", async () => {
  const ins = await dockerfile();
  const userAt = ins.findIndex((i) => i.op === "USER");
  assert.ok(userAt > 0, "no USER");
  const user = ins[userAt].args.split(":")[0];
  assert.ok(!["root", "0"].includes(user), `USER ${user}`);
  const run = ins.filter((i) => i.op === "RUN").map((i) => i.args).join(" ");
  // The user exists with that id and owns the app folder.
  assert.match(run, new RegExp(`useradd [^&]*--uid ${user}\\b`));
  assert.match(run, /chown -R lanecast:lanecast \/app/);
  const entry = ins.findIndex((i) => i.op === "ENTRYPOINT");
  assert.ok(entry > userAt, "ENTRYPOINT before USER would still run as root");
  assert.ok(!ins.slice(userAt + 1).some((i) => i.op === "RUN"), "a RUN after USER");
});

Deno.test("every path the Dockerfile copies exists and is in the build context", async () => {
  const ins = await dockerfile();
  const copies = ins.filter((i) => i.op === "COPY" || i.op === "ADD");
  assert.ok(copies.length > 0);
  for (const c of copies) {
    const parts = c.args.split(/\s+/).filter((p) => !p.startsWith("--"));
    for (const src of parts.slice(0, -1)) {
      assert.ok(await Deno.stat(root(src)).catch(() => null), `COPY ${src}: no such path`);
    }
  }
  for (const must of [".git", "node_modules", ".tools", "data", ".env"]) {
    assert.ok(await ignored(must), `.dockerignore lets ${must} into the image`);
  }
});

Deno.test("the image is set up with the pinned Deno, the mediasoup worker, ffmpeg and the models", async () => {
  const ins = await dockerfile();
  const run = ins.filter((i) => i.op === "RUN").map((i) => i.args).join(" ");
  // The wrapper's setup (any task but `setup` itself runs it) installs them.
  assert.match(run, /\.\/lanecast build:web\b/);
  // `./lanecast setup` and `test` also install Chromium and PostgreSQL, for tests only.
  assert.doesNotMatch(run, /\.\/lanecast (setup|test)\b/, "the image carries test-only packages");
  const wrapper = await Deno.readTextFile(root("lanecast"));
  assert.match(wrapper, /^DENO_VERSION=\d+\.\d+\.\d+$/m, "Deno is pinned to one version");
  assert.match(wrapper, /^MEDIASOUP_WORKER_VERSION="[^"*]+"$/m, "the worker is pinned");
  assert.match(wrapper, /"mediasoup-worker=\$MEDIASOUP_WORKER_VERSION"/);
  assert.match(wrapper, /apt_install ffmpeg /);
  for (const model of ["ball.onnx", "pins.onnx", "foul.onnx"]) {
    const path = `inference/models/${model}`;
    const { size } = await Deno.stat(root(path));
    assert.ok(size > 1000, `${path} is a real model`);
    assert.ok(!(await ignored(path)), `.dockerignore leaves out ${path}`);
  }
});

Deno.test("the image exposes the processes' ports and the UDP range its SFU binds", async () => {
  const ins = await dockerfile();
  const env = Object.assign({}, ...ins.filter((i) => i.op === "ENV").map((i) => envPairs(i.args)));
  const exposed = ins.filter((i) => i.op === "EXPOSE").flatMap((i) => i.args.split(/\s+/));
  for (const port of ["8000", "8001", "8002"]) assert.ok(exposed.includes(port), `EXPOSE ${port}`);
  const udp = exposed.filter((p) => p.endsWith("/udp")).map((p) => portRange(p.slice(0, -4)));
  assert.deepEqual(udp, [[Number(env.RTC_MIN_PORT), Number(env.RTC_MAX_PORT)]]);
  assert.equal(env.HOST, "0.0.0.0");
  assert.equal(env.SFU_HOST, "0.0.0.0");
});

Deno.test("the entry point names a script that exists for every process", async () => {
  const ins = await dockerfile();
  const entry = JSON.parse(ins.find((i) => i.op === "ENTRYPOINT")!.args);
  assert.deepEqual(entry, ["deploy/entrypoint.sh"]);
  const { mode } = await Deno.stat(here("entrypoint.sh"));
  assert.ok(mode! & 0o111, "entrypoint.sh is executable");
  const procs = await entrypointProcesses();
  assert.deepEqual([...procs.keys()].sort(), ["all", "inference", "keys", "server", "sfu", "sim"]);
  for (const script of procs.values()) {
    assert.ok(await Deno.stat(root(script)).catch(() => null), `${script} does not exist`);
  }
  const cmd = JSON.parse(ins.find((i) => i.op === "CMD")!.args);
  assert.ok(procs.has(cmd[0]), `CMD ${cmd[0]} is no process`);
});

/** Runs deploy/entrypoint.sh with this Deno. */
async function entrypoint(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(here("entrypoint.sh").pathname, {
    args,
    env: { LANECAST_DENO: Deno.execPath(), ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("the entry point refuses a process it does not know and a secret given twice", async () => {
  assert.equal((await entrypoint(["help"])).code, 0);
  const unknown = await entrypoint(["web"]);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /no process "web"/);
  const twice = await entrypoint(["help"], { CAMERA_KEY: "x".repeat(20), CAMERA_KEY_FILE: "/x" });
  assert.equal(twice.code, 64);
  assert.match(twice.stderr, /both CAMERA_KEY and CAMERA_KEY_FILE/);
  const missing = await entrypoint(["help"], { INFERENCE_KEY_FILE: "/nonexistent/key" });
  assert.equal(missing.code, 66);
  assert.deepEqual(await fileSecrets(), [
    "CAMERA_KEY",
    "INFERENCE_KEY",
    "SFU_SERVICE_KEY",
    "CLIP_URL_KEY",
    "METRICS_TOKEN",
    "DATABASE_URL",
    "ADMIN_PASSWORD",
  ]);
});

Deno.test("`entrypoint.sh keys` makes the shared keys once and keeps them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lanecast-keys-" });
  try {
    const first = await entrypoint(["keys", dir]);
    assert.equal(first.code, 0, first.stderr);
    const names = [...Deno.readDirSync(`${dir}/keys`)].map((e) => e.name).sort();
    assert.deepEqual(names, [
      "camera_key",
      "clip_url_key",
      "inference_key",
      "lane_signing.jwk.json",
      "sfu_service_key",
    ]);
    const before = await Deno.readTextFile(`${dir}/keys/lane_signing.jwk.json`);
    assert.equal(JSON.parse(before).crv, "Ed25519");
    assert.equal((await entrypoint(["keys", dir])).code, 0);
    assert.equal(await Deno.readTextFile(`${dir}/keys/lane_signing.jwk.json`), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
