/**
 * `./lanecast start`: builds the web app and runs every Lanecast process on
 * this machine with the embedded defaults: the API server, the SFU, the
 * inference sidecar and the lane simulator. Each process is restarted if it dies; Ctrl-C stops all.
 */
import { loadOrCreateSecret } from "./server/keys.ts";
import { makePrivateDir } from "./server/private_dir.ts";
import { buildWeb } from "./tools/build_web.ts";

const env = Deno.env.toObject();
const dataDir = env.DATA_DIR ?? "./data";
await makePrivateDir(dataDir);
const cameraKey = env.CAMERA_KEY ?? await loadOrCreateSecret(dataDir, "camera_key");
const inferenceKey = env.INFERENCE_KEY ?? await loadOrCreateSecret(dataDir, "inference_key");
const sfuServiceKey = env.SFU_SERVICE_KEY ?? await loadOrCreateSecret(dataDir, "sfu_service_key");
const shared = { ...env, DATA_DIR: dataDir, CAMERA_KEY: cameraKey, INFERENCE_KEY: inferenceKey, SFU_SERVICE_KEY: sfuServiceKey };

await buildWeb();

interface Proc {
  name: string;
  script: string;
  child?: Deno.ChildProcess;
}
const procs: Proc[] = [
  { name: "server", script: "server/main.ts" },
  { name: "sfu", script: "sfu/main.ts" },
  { name: "inference", script: "inference/main.ts" },
  { name: "sim", script: "sim/main.ts" },
];
let stopping = false;

async function pipe(name: string, stream: ReadableStream<Uint8Array>, out: typeof Deno.stdout): Promise<void> {
  const enc = new TextEncoder();
  let buf = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)) {
    buf += chunk;
    const lines = buf.split("\n");
    buf = lines.pop() ?? "";
    for (const line of lines) await out.write(enc.encode(`${name.padEnd(9)}| ${line}\n`));
  }
}

async function run(p: Proc): Promise<void> {
  let backoff = 1000;
  while (!stopping) {
    const started = Date.now();
    p.child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", p.script],
      env: shared,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const piping = Promise.all([pipe(p.name, p.child.stdout, Deno.stdout), pipe(p.name, p.child.stderr, Deno.stderr)]);
    const status = await p.child.status;
    await piping;
    if (stopping) break;
    console.error(`lanecast: ${p.name} exited with ${status.code}; restarting`);
    if (Date.now() - started > 30_000) backoff = 1000;
    await new Promise((r) => setTimeout(r, backoff));
    backoff = Math.min(backoff * 2, 30_000);
  }
}

const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const p of procs) {
    try {
      p.child?.kill("SIGTERM");
    } catch { /* already gone */ }
  }
  setTimeout(() => Deno.exit(0), 3000);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);

console.log(`lanecast: starting; open http://localhost:${env.PORT ?? 8000}`);
for (const p of procs) {
  run(p);
  await new Promise((r) => setTimeout(r, 300));
}
