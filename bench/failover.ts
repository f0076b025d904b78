/**
 * `./lanecast bench failover`: how long a dead mediasoup worker blacks out a
 * lane, as an outside viewer meets it. The whole system runs (server, SFU with
 * BENCH_WORKERS workers, the simulator feeding lane 1); a plain WHEP viewer
 * (no link events: it learns only from its connection and its frames)
 * starts over as soon as no frame came for BENCH_STALL_MS (BENCH_LINK_EVENTS=1:
 * it also follows its link's event stream). The worker serving
 * the lane is killed by pid BENCH_KILLS times, every third time together with a
 * sibling worker; each sample is the time from the kill to the first frame
 * the viewer decodes on its new connection. With `--json` the last line is one
 * JSON object with `workerKillRecoveryP95Ms`.
 */
import { WhepViewer } from "../media/whep_viewer.ts";
import { startSystem, waitFor } from "../tools/system.ts";
import { fmt, percentile } from "./stats.ts";
import { laneCredentials } from "./system.ts";

const WORKERS = Number(Deno.env.get("BENCH_WORKERS") ?? 2);
const KILLS = Number(Deno.env.get("BENCH_KILLS") ?? 6);
const STALL_MS = Number(Deno.env.get("BENCH_STALL_MS") ?? 500);
/** 1: the viewer also follows its link's event stream (what Lanecast's own clients do). */
const LINK_EVENTS = Deno.env.get("BENCH_LINK_EVENTS") === "1";
/** Steady frames between kills, so every client's last connection counts as stable. */
const SETTLE_MS = Number(Deno.env.get("BENCH_SETTLE_MS") ?? 5000);
const json = Deno.args.includes("--json");
const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  kill: number;
  withSibling: boolean;
  pids: number[];
  recoveryMs: number;
}

const system = await startSystem({
  lanes: 1,
  simLanes: 1,
  env: { SFU_WORKERS: String(WORKERS) },
});

/** GET on the SFU's internal routes, with its service key. */
const sfuGet = (path: string) =>
  fetch(`${system.sfuUrl}${path}`, {
    headers: { authorization: `Bearer ${system.sfuServiceKey}` },
  });

/** The SFU's live workers (pid → lanes), from /metrics. */
async function workers(): Promise<Map<number, number>> {
  const text = await (await sfuGet("/metrics")).text();
  const out = new Map<number, number>();
  for (const m of text.matchAll(/^lanecast_sfu_worker_lanes\{pid="(\d+)"\} (\d+)$/gm)) {
    out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

/** The pid of the worker lane 1 is on, from the SFU's /lanes. */
async function laneWorker(): Promise<number | undefined> {
  const lanes = await (await sfuGet("/lanes")).json() as {
    id: string;
    live: boolean;
    worker: number;
  }[];
  const lane = lanes.find((l) => l.id === "1" && l.live);
  return lane?.worker;
}

let firstFrameAfter: { connects: number; at?: number } = { connects: Infinity };
const viewer = new WhepViewer({
  linkEvents: LINK_EVENTS,
  stallMs: STALL_MS,
  credentials: async () => {
    const c = await laneCredentials(system, "1", "watch");
    return { whepUrl: c.whepUrl, token: c.token };
  },
  onFrame: (_frame, at) => {
    const want = firstFrameAfter;
    if (want.at === undefined && viewer.connects > want.connects) want.at = at;
  },
});

const samples: Sample[] = [];
try {
  log(
    `bench failover: ${WORKERS} workers, lane 1 simulated, ${
      LINK_EVENTS ? "WHEP viewer following its link events and" : "plain WHEP viewer"
    } restarting after ${STALL_MS} ms without a frame, ${KILLS} kills`,
  );
  await waitFor(() => viewer.frames > 60, 60_000, "the viewer to play lane 1");
  for (let kill = 1; kill <= KILLS; kill++) {
    // Steady again: every worker running, the lane live and playing for SETTLE_MS.
    await waitFor(async () => (await workers()).size === WORKERS, 30_000, "every worker running");
    await waitFor(
      () => Date.now() - viewer.lastFrameAt < 200,
      30_000,
      "frames before the kill",
    );
    await sleep(SETTLE_MS);
    const pid = await laneWorker();
    if (!pid) throw new Error("Lane 1 is not live on any worker");
    const withSibling = kill % 3 === 0 && WORKERS > 1;
    const sibling = withSibling ? [...(await workers()).keys()].find((p) => p !== pid) : undefined;
    const pids = sibling ? [pid, sibling] : [pid];

    firstFrameAfter = { connects: viewer.connects };
    const killedAt = Date.now();
    for (const p of pids) Deno.kill(p, "SIGKILL");
    const want = firstFrameAfter;
    await waitFor(() => want.at !== undefined, 30_000, `frames after kill ${kill}`);
    const sample = { kill, withSibling, pids, recoveryMs: want.at! - killedAt };
    samples.push(sample);
    log(
      `kill ${kill}: worker ${pids.join(" + ")}${
        withSibling ? " (with its sibling)" : ""
      } → frames again after ${sample.recoveryMs} ms`,
    );
  }
  const ms = samples.map((s) => s.recoveryMs);
  const p50 = percentile(ms, 50), p95 = percentile(ms, 95);
  log(
    `kill → first frame at the viewer: p50 ${fmt(p50, 0)} ms, p95 ${fmt(p95, 0)} ms, max ${
      fmt(Math.max(...ms), 0)
    } ms (goal p95 ≤ 2000 ms)`,
  );
  if (json) {
    console.log(JSON.stringify({
      workerKillRecoveryP95Ms: p95,
      workerKillRecoveryP50Ms: p50,
      workerKillRecoveryMaxMs: Math.max(...ms),
      samplesMs: ms,
      withSibling: samples.map((s) => s.withSibling),
      workers: WORKERS,
      viewerStallMs: STALL_MS,
      viewerLinkEvents: LINK_EVENTS,
    }));
  }
} finally {
  await viewer.close();
  await system.stop();
}
Deno.exit(0); // libwebrtc objects must not outlive teardown
