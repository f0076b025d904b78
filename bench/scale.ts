/**
 * `./lanecast bench scale`: what several SFU hosts serve together. The
 * server runs with one camera on lane 1 (BENCH_WIDTH×BENCH_HEIGHT at 30 fps,
 * 1.2 Mbit/s as in `bench media`); SFU hosts are added one at a time up to
 * BENCH_HOSTS, each a separate process with BENCH_WORKERS workers announcing
 * itself to the server. At each step the server places BENCH_WHEP_PER_HOST
 * real WHEP viewers per host (they ask it for a token like a browser does and
 * land where it sends them; the hosts without the camera pipe the lane in),
 * and each host gets BENCH_PLAIN_PER_HOST plain RTP consumers of the lane (the
 * `bench media` hook, SFU_BENCH=1); a viewer counts as served when it gets at
 * least 90 % of the camera's stream (WHEP: of the frames it encoded meanwhile). Then the cost of a
 * piped lane on an edge with nobody watching there, and BENCH_KILLS times: a
 * fresh edge host takes viewers, is killed (SIGKILL), and each of its viewers'
 * time from the kill to its first frame at another host is a reconnect sample.
 * Last, the AI's lanes per sidecar with every accuracy goal met, as
 * `./lanecast eval --load` measures them (BENCH_AI_LANES, default 1,2,3,4; 0 skips;
 * BENCH_AI_SHOTS shots per lane, default 12).
 * With `--json` the last line is one JSON object with `hosts`, `viewersTotal`,
 * `reconnectP95Ms` and `aiLanesPerSidecar`.
 */
import { WhepViewer } from "../media/whep_viewer.ts";
import { type SfuHostProcess, startSfuHost } from "../sfu/hosts_testing.ts";
import { startSystem } from "../tools/system.ts";
import { measureAiLanesPerSidecar } from "../tools/eval_load.ts";
import { fmt, percentile, processCpuSeconds } from "./stats.ts";
import { BENCH_LIMITS, CAMERA_BENCH_KBPS, laneCredentials, publishSimCamera } from "./system.ts";

const env = (name: string, fallback: number) => Number(Deno.env.get(name) ?? fallback);
const HOSTS = env("BENCH_HOSTS", 2);
const WORKERS = env("BENCH_WORKERS", 1);
const WHEP_PER_HOST = env("BENCH_WHEP_PER_HOST", 3);
const PLAIN_PER_HOST = env("BENCH_PLAIN_PER_HOST", 200);
const KILLS = env("BENCH_KILLS", 3);
const MEASURE_MS = env("BENCH_MEASURE_MS", 5000);
const WIDTH = env("BENCH_WIDTH", 640);
const HEIGHT = env("BENCH_HEIGHT", 360);
const FPS = 30;
const json = Deno.args.includes("--json");
/** 1: the server's and hosts' own output on stderr. */
const VERBOSE = Deno.env.get("BENCH_VERBOSE") === "1";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);

const system = await startSystem({
  lanes: 1,
  simLanes: 0,
  processes: ["server"],
  verbose: VERBOSE,
  env: { ...BENCH_LIMITS, SFU_HOST_TTL_MS: "3000" },
});
const hostEnv = { ...BENCH_LIMITS, SFU_BENCH: "1" };
const hosts: SfuHostProcess[] = [];
const addHost = async (id: string) => {
  const host = await startSfuHost({
    id,
    serverUrl: system.url,
    serviceKey: system.sfuServiceKey,
    workers: WORKERS,
    env: hostEnv,
    verbose: VERBOSE,
  });
  hosts.push(host);
  await sleep(1000); // its first announcements
  return host;
};
const hostOf = (url: string) => hosts.find((h) => url.startsWith(h.url));

interface Watcher {
  viewer: WhepViewer;
  host?: SfuHostProcess;
  /** When it last asked the server where to watch. */
  placedAt: number;
  frameTimes: number[];
}
const watchers: Watcher[] = [];
function watch(): Promise<Watcher> {
  const placed = Promise.withResolvers<Watcher>();
  const w: Watcher = { viewer: undefined as unknown as WhepViewer, placedAt: 0, frameTimes: [] };
  w.viewer = new WhepViewer({
    credentials: async () => {
      const c = await laneCredentials(system, "1", "watch");
      w.host = hostOf(c.whepUrl);
      w.placedAt = Date.now();
      placed.resolve(w);
      return { whepUrl: c.whepUrl, token: c.token };
    },
    onFrame: (_f, at) => w.frameTimes.push(at),
  });
  watchers.push(w);
  return placed.promise;
}
const dropWatcher = async (w: Watcher) => {
  watchers.splice(watchers.indexOf(w), 1);
  await w.viewer.close();
};

async function service(host: SfuHostProcess, path: string, init?: RequestInit) {
  const res = await fetch(`${host.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${system.sfuServiceKey}` },
  });
  if (!res.ok) throw new Error(`${path} on ${host.id}: ${res.status} ${await res.text()}`);
  return res;
}
async function workerPids(host: SfuHostProcess): Promise<number[]> {
  const metrics = await (await service(host, "/metrics")).text();
  return [...metrics.matchAll(/lanecast_sfu_worker_lanes\{pid="(\d+)"\}/g)].map((m) =>
    Number(m[1])
  );
}
const plainBytes = async (host: SfuHostProcess) =>
  (await (await service(host, "/bench/consumers?lane=1")).json()).bytesSent as number;
const cpuOf = (pids: number[]) => pids.reduce((s, pid) => s + processCpuSeconds(pid), 0);
const waitUntil = async (check: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !check();) await sleep(100);
  return check();
};

log(`bench scale: up to ${HOSTS} SFU hosts × ${WORKERS} worker(s), camera ${WIDTH}x${HEIGHT}`);
await addHost("h1");
const camera = publishSimCamera(system, "1", {
  width: WIDTH,
  height: HEIGHT,
  fps: FPS,
  seed: 1,
  maxKbps: CAMERA_BENCH_KBPS,
});
const steps: {
  hosts: number;
  perHost: { id: string; plain: number; whep: number; workerCpu: number }[];
  total: number;
}[] = [];
let pipeCost: { edgeCpuPct: number; edgeMbpsIn: number } | null = null;
const kills: number[] = [];
try {
  for (let n = 1; n <= HOSTS; n++) {
    if (n > 1) await addHost(`h${n}`);
    for (let i = 0; i < WHEP_PER_HOST; i++) await watch();
    if (!await waitUntil(() => watchers.every((w) => w.frameTimes.length > 10), 60_000)) {
      log("  some WHEP viewers got no frames within 60 s");
    }
    if (n === 2) pipeCost = await measurePipe(hosts[1]);
    for (const host of hosts) {
      await service(host, `/bench/consumers?lane=1&count=${PLAIN_PER_HOST}`, { method: "PUT" })
        .then((r) => r.body?.cancel())
        .catch((err) => log(`  ${host.id} could not take them all: ${err.message}`));
    }
    await sleep(2000);
    const pids = await Promise.all(hosts.map(workerPids));
    const b0 = await Promise.all(hosts.map(plainBytes));
    const c0 = pids.map(cpuOf);
    const s0 = await camera.publisher.outboundStats();
    const t0 = Date.now();
    await sleep(MEASURE_MS);
    const s1 = await camera.publisher.outboundStats();
    const b1 = await Promise.all(hosts.map(plainBytes));
    const secs = (Date.now() - t0) / 1000;
    const streamBps = s0 && s1 ? (Number(s1.bytesSent) - Number(s0.bytesSent)) / secs : NaN;
    // What the camera actually encoded meanwhile (a busy machine encodes fewer than 30 a second).
    const cameraFrames = Number(s1?.framesEncoded) - Number(s0?.framesEncoded) || FPS * secs;
    const perHost = hosts.map((host, i) => {
      const perConsumer = (b1[i] - b0[i]) / secs / PLAIN_PER_HOST;
      const plain = perConsumer >= 0.9 * streamBps
        ? PLAIN_PER_HOST
        : Math.floor((b1[i] - b0[i]) / secs / streamBps);
      const whep = watchers.filter((w) =>
        w.host === host && w.frameTimes.filter((t) =>
            t >= t0
          ).length >= 0.9 * cameraFrames
      ).length;
      return { id: host.id, plain, whep, workerCpu: (cpuOf(pids[i]) - c0[i]) / secs };
    });
    const total = perHost.reduce((s, h) => s + h.plain + h.whep, 0);
    steps.push({ hosts: n, perHost, total });
    log(`  ${n} host(s): ${total} viewers served`);
    for (const h of perHost) {
      log(
        `    ${h.id}: ${h.plain} plain RTP + ${h.whep} WHEP, workers ${
          fmt(h.workerCpu * 100)
        } % CPU`,
      );
    }
    for (const host of hosts) {
      await service(host, `/bench/consumers?lane=1&count=0`, { method: "PUT" })
        .then((r) => r.body?.cancel());
    }
  }
  while (watchers.length) await dropWatcher(watchers[0]);
  for (let k = 1; k <= KILLS; k++) kills.push(...await killRound(k));
} finally {
  while (watchers.length) await dropWatcher(watchers[0]);
  await camera.stop();
  await Promise.all(hosts.map((h) => h.stop()));
  await system.stop();
}

/** The edge's cost of a lane piped in with nobody watching there (the room keeps it LANE_IDLE_MS). */
async function measurePipe(edge: SfuHostProcess) {
  const mine = watchers.filter((w) => w.host === edge);
  if (!mine.length) return null;
  for (const w of mine) await dropWatcher(w);
  await sleep(1000);
  const pids = await workerPids(edge);
  const c0 = cpuOf(pids), t0 = Date.now();
  await sleep(3000);
  const cpu = (cpuOf(pids) - c0) / ((Date.now() - t0) / 1000);
  const lanes = await (await service(edge, "/lanes")).json() as { video: { bitrate: number } }[];
  const cost = { edgeCpuPct: cpu * 100, edgeMbpsIn: (lanes[0]?.video?.bitrate ?? NaN) / 1e6 };
  log(
    `  a piped lane on an edge with no viewers: ${fmt(cost.edgeCpuPct)} % of a worker, ` +
      `${fmt(cost.edgeMbpsIn, 2)} Mbit/s in`,
  );
  for (let i = 0; i < mine.length; i++) await watch();
  await waitUntil(() => watchers.every((w) => w.frameTimes.length > 10), 30_000);
  return cost;
}

/** A fresh edge host takes viewers and is killed; each sample: kill to the viewer's next frame elsewhere. */
async function killRound(k: number): Promise<number[]> {
  const host = await addHost(`k${k}`);
  const round: Watcher[] = [];
  for (let i = 0; i < 12 && round.filter((w) => w.host === host).length < WHEP_PER_HOST; i++) {
    round.push(await watch());
  }
  const victims = round.filter((w) => w.host === host);
  await waitUntil(() => victims.every((w) => w.frameTimes.length > 10), 30_000);
  const killedAt = Date.now();
  await host.kill();
  hosts.splice(hosts.indexOf(host), 1);
  // The first frame after the viewer asked the server again (it landed on another host).
  const back = (w: Watcher) =>
    w.placedAt > killedAt ? w.frameTimes.find((t) => t > w.placedAt) : undefined;
  await waitUntil(() => victims.every((w) => back(w) !== undefined), 20_000);
  const samples = victims.map((w) => (back(w) ?? NaN) - killedAt);
  log(
    `  kill ${k}: ${victims.length} viewers back after ${
      samples.map((s) => fmt(s, 0)).join(", ")
    } ms`,
  );
  for (const w of round) await dropWatcher(w);
  return samples;
}

// The AI's share, with the SFU hosts above stopped: one sidecar with the
// whole system beside it (`./lanecast eval --load`). BENCH_AI_LANES=0 skips it.
const aiLanes = (Deno.env.get("BENCH_AI_LANES") ?? "1,2,3,4").split(",").map(Number)
  .filter((n) => n > 0);
const aiShots = Math.max(1, Number(Deno.env.get("BENCH_AI_SHOTS") ?? 12) || 12);
const ai = aiLanes.length
  ? await measureAiLanesPerSidecar({
    lanes: aiLanes,
    shots: aiShots,
    log: (m) => log(`  AI: ${m}`),
  })
  : null;
if (ai) {
  log(
    `AI lanes one sidecar watches with every accuracy goal met: ${ai.lanes} ` +
      `(${aiShots} shots per lane, ${ai.cores} cores, load average ${
        ai.steps.map((s) => s.loadBefore.toFixed(1)).join(", ")
      })`,
  );
}

const last = steps.at(-1);
const reconnectP95Ms = kills.some((s) => !Number.isFinite(s)) ? null : percentile(kills, 95);
log(
  `reconnect after a host is killed: p95 ${
    fmt(reconnectP95Ms ?? NaN, 0)
  } ms over ${kills.length} viewers`,
);
if (json) {
  console.log(JSON.stringify({
    hosts: last?.hosts ?? 0,
    viewersTotal: last?.total ?? 0,
    viewersPerHost: last?.perHost ?? [],
    steps: steps.map((s) => ({ hosts: s.hosts, viewersTotal: s.total })),
    pipedLaneEdgeCpuPct: pipeCost?.edgeCpuPct ?? null,
    pipedLaneEdgeMbpsIn: pipeCost?.edgeMbpsIn ?? null,
    reconnectP95Ms,
    reconnectSamplesMs: kills,
    aiLanesPerSidecar: ai?.lanes ?? null,
  }));
}
