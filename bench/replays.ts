/**
 * `./lanecast bench replays [--json]`: instant replays and clips end to end.
 * A simulated camera (capture times stamped into its pixels) publishes to a
 * lane of a running server + SFU; for each shot the bench posts the
 * sidecar's live `release` and `pinfall` events to the server and times:
 *
 * - pinfall → first replay frame decoded by a WHEP viewer of
 *   `/whep/{lane}/replay` (the frame's stamp says it is the shot's window);
 * - pinfall → the shot's clip stored: the sidecar's shot report goes in right
 *   after `pinfall` (`POST /api/inference/lanes/1/shots`), the server's clip
 *   job cuts the window out of the SFU's buffer, makes its poster and stores
 *   both; `GET /api/shots/{id}/clip` is polled every 100 ms until `ready`
 *   (`clipReadyP95Ms`);
 * - pinfall → the clip's bytes cut by the SFU alone (`POST /lanes/{lane}/clips`,
 *   asked as soon as the window's end is captured; `clipCutP95Ms`);
 *
 * then, with the buffer full, what the buffer costs the SFU per lane (CPU of
 * the SFU process and its worker, buffer on against off; bytes held and the
 * process's memory), and the worker CPU per replay viewer next to a live
 * viewer's. With `--json` the last line is one JSON object
 * (`replayFirstFrameP95Ms`, `clipReadyP95Ms`, ...).
 */
import { WhepViewer } from "../media/whep_viewer.ts";
import { readStamp } from "../sim/stamp.ts";
import { startSystem } from "../tools/system.ts";
import { benchShot } from "./market_client.ts";
import { fmt, percentile, processCpuSeconds } from "./stats.ts";
import {
  BENCH_LIMITS,
  CAMERA_BENCH_KBPS,
  laneCredentials,
  publishSimCamera,
  sfuWorkerPid,
} from "./system.ts";

const JSON_OUT = Deno.args.includes("--json");
const W = 640, H = 360, FPS = 30;
const SHOTS = Number(Deno.env.get("BENCH_SHOTS") ?? 10);
const VIEWERS = Number(Deno.env.get("BENCH_VIEWERS") ?? 4);
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 10);
const PRE_MS = 1000, POST_MS = 1500, BALL_MS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => JSON_OUT ? console.error(line) : console.log(line);

const system = await startSystem({
  lanes: 1,
  simLanes: 0,
  processes: ["server", "sfu"],
  env: {
    ...BENCH_LIMITS,
    SFU_WORKERS: "1",
    SFU_BENCH: "1",
    REPLAY_PRE_MS: String(PRE_MS),
    REPLAY_POST_MS: String(POST_MS),
  },
});
const sfuHeaders = { authorization: `Bearer ${system.sfuServiceKey}` };
const camera = publishSimCamera(system, "1", {
  width: W,
  height: H,
  fps: FPS,
  seed: 7,
  maxKbps: CAMERA_BENCH_KBPS,
  stamp: true,
});

let seq = 0;
async function sendEvent(type: "approach" | "release" | "pinfall", captureTimeMs: number) {
  const res = await fetch(`${system.url}/api/inference/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${system.inferenceKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      id: `bench-1-${type}-${captureTimeMs}-${seq++}`,
      laneId: "1",
      type,
      captureTimeMs,
      confidence: 0.99,
      model: "bench",
      models: { bench: "bench" },
    }),
  });
  if (!res.ok) throw new Error(`The server refused the ${type} event: ${await res.text()}`);
  await res.body?.cancel();
}

/** A stamped frame seen by a replay viewer, with when it arrived (performance.now()). */
const replayFrames: { stamp: number; at: number }[] = [];
const viewers: WhepViewer[] = [];
const watch = (path: "" | "/replay", onFrame?: (stamp: number | null) => void) => {
  const v = new WhepViewer({
    credentials: async () => {
      const c = await laneCredentials(system, "1", "watch");
      return { whepUrl: `${c.whepUrl}${path}`, token: c.token };
    },
    stallMs: 600_000,
    onFrame: (f) => onFrame?.(readStamp(f.data, f.width, f.height)),
  });
  viewers.push(v);
  return v;
};

/** One shot: approach, release, pinfall events; the replay's first frame and the clip's bytes timed. */
async function shot(): Promise<{ replayMs: number; clipMs: number; storedMs: number }> {
  const releaseMs = Date.now() - BALL_MS;
  await sendEvent("approach", releaseMs - 1500);
  await sendEvent("release", releaseMs);
  const pinfallMs = Date.now() - 100; // the sidecar sees the pins settle ~100 ms after capture
  const fromMs = releaseMs - PRE_MS, toMs = pinfallMs + POST_MS;
  const sentAt = performance.now();
  await sendEvent("pinfall", pinfallMs);
  const shotId = `bench-replay-${crypto.randomUUID()}`;
  const recorded = await fetch(`${system.url}/api/inference/lanes/1/shots`, {
    method: "POST",
    headers: { authorization: `Bearer ${system.inferenceKey}`, "content-type": "application/json" },
    body: JSON.stringify(benchShot(shotId, releaseMs, pinfallMs, 0)),
  });
  if (!recorded.ok) throw new Error(`The server refused the shot: ${await recorded.text()}`);
  await recorded.body?.cancel();
  const stored = (async () => {
    for (;;) {
      const res = await fetch(`${system.url}/api/shots/${shotId}/clip`);
      const clip = res.ok ? await res.json() : (await res.body?.cancel(), null);
      if (clip?.state === "ready") return performance.now() - sentAt;
      if (clip?.state === "failed" || performance.now() - sentAt > 30_000) return NaN;
      await sleep(100);
    }
  })();
  const clip = (async () => {
    await sleep(Math.max(0, toMs - Date.now()));
    for (;;) {
      const res = await fetch(`${system.sfuUrl}/lanes/1/clips`, {
        method: "POST",
        headers: { ...sfuHeaders, "content-type": "application/json" },
        body: JSON.stringify({ fromMs, toMs }),
      });
      if (res.ok) {
        const bytes = (await res.arrayBuffer()).byteLength;
        if (bytes > 0) return performance.now() - sentAt;
      } else await res.body?.cancel();
      await sleep(100);
    }
  })();
  // The replay starts at the keyframe before its window: at most one keyframe interval early.
  const first = await new Promise<number>((resolve) => {
    const poll = setInterval(() => {
      const f = replayFrames.find((x) =>
        x.at >= sentAt && x.stamp >= fromMs - 1200 && x.stamp <= fromMs + 500
      );
      if (f) {
        clearInterval(poll);
        resolve(f.at - sentAt);
      }
      if (performance.now() - sentAt > 10_000) {
        clearInterval(poll);
        resolve(NaN);
      }
    }, 5);
  });
  const clipMs = await clip;
  const storedMs = await stored;
  // Let the replay play out before the next ball.
  await sleep(Math.max(0, (toMs - fromMs) + 500 - (performance.now() - sentAt)));
  return { replayMs: first, clipMs, storedMs };
}

async function cpuOver(pids: number[], seconds: number): Promise<number[]> {
  const c0 = pids.map(processCpuSeconds);
  const start = performance.now();
  await sleep(seconds * 1000);
  const dt = (performance.now() - start) / 1000;
  return pids.map((p, i) => (processCpuSeconds(p) - c0[i]) / dt);
}

function rssMiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

const buffer = async () =>
  await (await fetch(`${system.sfuUrl}/lanes/1/buffer`, { headers: sfuHeaders })).json();
const setBuffering = async (on: boolean) =>
  await (await fetch(`${system.sfuUrl}/bench/replay-buffer/1?on=${on ? 1 : 0}`, { method: "PUT" }))
    .body?.cancel();

try {
  await sleep(5000);
  const sfuPid = system.pids().sfu;
  const workerPid = await sfuWorkerPid(system);
  log(
    `bench replays: ${W}x${H} ${FPS} fps camera at most ${CAMERA_BENCH_KBPS} kbit/s, ${SHOTS} shots, ${VIEWERS} viewers`,
  );

  // A first replay makes the replay resource exist; the viewer then stays on it.
  await shot().catch(() => {});
  watch(
    "/replay",
    (stamp) => stamp !== null && replayFrames.push({ stamp, at: performance.now() }),
  );
  await sleep(3000);
  const replay: number[] = [], clip: number[] = [], stored: number[] = [];
  for (let i = 0; i < SHOTS; i++) {
    const r = await shot();
    replay.push(r.replayMs);
    clip.push(r.clipMs);
    stored.push(r.storedMs);
    log(
      `  shot ${i + 1}: first replay frame ${fmt(r.replayMs, 0)} ms, clip bytes ${
        fmt(r.clipMs, 0)
      } ms, clip stored ${fmt(r.storedMs, 0)} ms`,
    );
  }
  const storedOk = stored.filter(Number.isFinite);
  const ok = replay.filter(Number.isFinite);
  log(
    `pinfall → first replay frame at a WHEP viewer: p50 ${fmt(percentile(ok, 50), 0)} ms, p95 ${
      fmt(percentile(ok, 95), 0)
    } ms (${ok.length}/${replay.length} seen; goal p95 ≤ 1000 ms)`,
  );
  log(
    `pinfall → clip stored (cut, poster, store, row ready; GET /api/shots/{id}/clip): p50 ${
      fmt(percentile(storedOk, 50), 0)
    } ms, p95 ${fmt(percentile(storedOk, 95), 0)} ms (${storedOk.length}/${stored.length} ready; ` +
      `includes the ${POST_MS} ms after the pinfall the window must wait for; goal p95 ≤ 3000 ms)`,
  );
  log(
    `pinfall → clip bytes cut by the SFU alone: p50 ${fmt(percentile(clip, 50), 0)} ms, p95 ${
      fmt(percentile(clip, 95), 0)
    } ms`,
  );

  // The buffer's cost with the buffer full.
  const held = await buffer();
  const heldS = (held.toMs - held.fromMs) / 1000;
  const [sfuOn, workerOn] = await cpuOver([sfuPid, workerPid], SECONDS);
  const rssOn = rssMiB(sfuPid);
  await setBuffering(false);
  await sleep(2000);
  const [sfuOff, workerOff] = await cpuOver([sfuPid, workerPid], SECONDS);
  const rssOff = rssMiB(sfuPid);
  await setBuffering(true);
  const bufferCpu = sfuOn - sfuOff + (workerOn - workerOff);
  log(
    `buffer per lane: ${fmt(held.bytes / 2 ** 20, 1)} MiB in ${held.packets} packets for ${
      fmt(heldS, 1)
    } s; ` +
      `CPU ${fmt(bufferCpu * 100, 2)} % of a core (SFU process ${
        fmt((sfuOn - sfuOff) * 100, 2)
      } %, worker ${fmt((workerOn - workerOff) * 100, 2)} %); SFU process RSS ${
        fmt(rssOn, 0)
      } MiB with it, ${fmt(rssOff, 0)} MiB after freeing it`,
  );

  // A replay viewer's cost next to a live viewer's: replays back to back, K viewers of each in turn.
  let replaying = true;
  const loop = (async () => {
    while (replaying) {
      const w = await buffer();
      await fetch(`${system.sfuUrl}/lanes/1/replays`, {
        method: "POST",
        headers: { ...sfuHeaders, "content-type": "application/json" },
        body: JSON.stringify({ shotId: "bench", fromMs: w.toMs - 6000, toMs: w.toMs - 1000 }),
      }).then((r) => r.body?.cancel());
      await sleep(5000);
    }
  })();
  for (const v of viewers.splice(0)) await v.close();
  await sleep(2000);
  const [base] = await cpuOver([workerPid], SECONDS);
  const costOf = async (path: "" | "/replay") => {
    const group = Array.from({ length: VIEWERS }, () => watch(path));
    await sleep(4000);
    const [cpu] = await cpuOver([workerPid], SECONDS);
    const frames = group.map((v) => v.frames);
    for (const v of group) await v.close();
    viewers.length = 0;
    await sleep(2000);
    return { perViewer: (cpu - base) / VIEWERS, frames: Math.min(...frames) };
  };
  const live = await costOf("");
  const replayCost = await costOf("/replay");
  replaying = false;
  await loop;
  log(
    `worker CPU per viewer: live ${fmt(live.perViewer * 100, 2)} %, replay ${
      fmt(replayCost.perViewer * 100, 2)
    } % of a core (replays played back to back; ${VIEWERS} viewers of each)`,
  );
  if (JSON_OUT) {
    console.log(JSON.stringify({
      shots: SHOTS,
      replayFirstFrameP50Ms: Math.round(percentile(ok, 50)),
      replayFirstFrameP95Ms: Math.round(percentile(ok, 95)),
      replaysSeen: ok.length,
      clipReadyP50Ms: Math.round(percentile(storedOk, 50)),
      clipReadyP95Ms: Math.round(percentile(storedOk, 95)),
      clipsReady: storedOk.length,
      clipCutP50Ms: Math.round(percentile(clip, 50)),
      clipCutP95Ms: Math.round(percentile(clip, 95)),
      bufferBytes: held.bytes,
      bufferSeconds: Number(heldS.toFixed(1)),
      bufferCpuPct: Number((bufferCpu * 100).toFixed(2)),
      sfuRssMiBWithBuffer: Math.round(rssOn),
      sfuRssMiBWithoutBuffer: Math.round(rssOff),
      liveViewerWorkerCpuPct: Number((live.perViewer * 100).toFixed(2)),
      replayViewerWorkerCpuPct: Number((replayCost.perViewer * 100).toFixed(2)),
    }));
  }
} finally {
  for (const v of viewers) await v.close();
  await camera.stop();
  await system.stop();
}
Deno.exit(0); // libwebrtc objects must not outlive teardown
