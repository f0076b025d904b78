/**
 * `./lanecast bench analyze`: seconds to analyse an uploaded video. Encodes
 * BENCH_SECONDS (default 60) of a simulated lane at BENCH_WIDTH×BENCH_HEIGHT
 * (default 1280×720) 30 fps to H.264 MP4 at x264 CRF BENCH_CRF (default 18:
 * the best quality whose minute of this scene, sensor noise and all, still
 * fits the upload's 100 MB), then times the server's analysis (the
 * subprocess with the live sidecar's models, decoding at most
 * ANALYZE_MAX_WIDTH wide, as a job runs it) and checks its shots against the
 * simulator: pin states, speed and board. Then the same again while four
 * live lanes are being watched: the server, the SFU, the simulator with four
 * lanes and the inference sidecar analysing them (BENCH_LOAD=0 skips this).
 * Each time is also given in CPU seconds (the analysis and its ffmpeg), which
 * other work on the machine hardly changes. With `--json` the last line is
 * one JSON object: `{ seconds60s, secondsUnderLoad, cpuSeconds60s,
 * cpuSecondsUnderLoad, videoSeconds, shots, pinStateExact, ... }`.
 */
import { encodeSimVideo } from "../tools/sim_video.ts";
import type { TimedShotTruth } from "../sim/ground_truth.ts";
import { probeVideo } from "../server/analyze/probe.ts";
import { runVideoAnalysis } from "../server/analyze/runner.ts";
import { videoAnalysis, type VideoMetadata, type VideoShot } from "../core/video_analysis.ts";
import { loadServerConfig } from "../server/config.ts";
import { startSystem, waitFor } from "../tools/system.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 60);
const WIDTH = Number(Deno.env.get("BENCH_WIDTH") ?? 1280);
const HEIGHT = Number(Deno.env.get("BENCH_HEIGHT") ?? 720);
const CRF = Number(Deno.env.get("BENCH_CRF") ?? 18);
const LOAD = Deno.env.get("BENCH_LOAD") !== "0";
const LIVE_LANES = 4;
/** How long the live lanes' own analysis rate is measured before the upload's starts (ms). */
const LIVE_BASELINE_MS = 10_000;
/** A shot counts as the true one when released this close to it (as tools/eval_match.ts). */
const MATCH_S = 0.6;
const json = Deno.args.includes("--json");
// Decoded as the server would: at most ANALYZE_MAX_WIDTH wide (its default unless set).
const MAX_WIDTH = loadServerConfig().ANALYZE_MAX_WIDTH;
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

interface Timed {
  seconds: number;
  /** CPU seconds of the analysis subprocess and its ffmpeg (whatever else runs on the machine). */
  cpuSeconds: number;
  shots: VideoShot[];
}

/** CPU seconds of this process's children that have ended (Linux clock ticks are 1/100 s). */
function childrenCpuSeconds(): number {
  const stat = Deno.readTextFileSync("/proc/self/stat");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the name: state is field 3, cutime 16 and cstime 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function analyse(path: string, metadata: VideoMetadata): Promise<Timed> {
  const cpu0 = childrenCpuSeconds();
  const t0 = performance.now();
  const out = await runVideoAnalysis({
    path,
    metadata,
    calibration: null,
    maxWidth: MAX_WIDTH,
    timeoutMs: 30 * 60_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = childrenCpuSeconds() - cpu0;
  const shots = videoAnalysis({
    jobId: "bench",
    metadata,
    reports: out.shots,
    t0Ms: out.t0Ms,
    models: out.models,
  }).shots;
  return { seconds, cpuSeconds, shots };
}

/** How the shots found compare with the simulator's. */
function accuracy(truths: TimedShotTruth[], shots: VideoShot[]) {
  let exact = 0, speedErr = 0, boardErr = 0;
  for (const t of truths) {
    const s = shots.find((s) => Math.abs(s.releaseAt - t.releaseMs / 1000) <= MATCH_S);
    if (!s) continue;
    if (s.standing === t.standingAfter) exact++;
    if (s.metrics) {
      speedErr = Math.max(speedErr, Math.abs(s.metrics.launchSpeedMph - t.launchSpeedMph));
      boardErr = Math.max(boardErr, Math.abs(s.metrics.arrowsBoard - t.arrowsBoard));
    }
  }
  return {
    shots: shots.length,
    trueShots: truths.length,
    pinStateExact: truths.length ? round(exact / truths.length, 3) : null,
    maxSpeedErrorMph: round(speedErr),
    maxBoardError: round(boardErr),
  };
}

/** Live frames the sidecar received, analysed and dropped over all lanes so far. */
async function liveFrames(url: string) {
  const status = await (await fetch(`${url}/status`)).json() as {
    lanes?: Record<string, { received: number; analysed: number; dropped: number }>;
  };
  const lanes = Object.values(status.lanes ?? {});
  const sum = (k: "received" | "analysed" | "dropped") => lanes.reduce((a, l) => a + l[k], 0);
  return {
    lanes: lanes.filter((l) => l.analysed > 0).length,
    received: sum("received"),
    analysed: sum("analysed"),
    dropped: sum("dropped"),
  };
}

/** Times the analysis while the sidecar watches four simulated lanes. */
async function underLoad(path: string, metadata: VideoMetadata) {
  console.error(`starting the server, the SFU, ${LIVE_LANES} simulated lanes and the sidecar …`);
  const system = await startSystem({
    lanes: LIVE_LANES,
    simLanes: LIVE_LANES,
    processes: ["server", "sfu", "inference", "sim"],
  });
  try {
    await waitFor(
      async () => (await liveFrames(system.inferenceUrl).catch(() => null))?.lanes === LIVE_LANES,
      180_000,
      `the sidecar to analyse ${LIVE_LANES} live lanes`,
    );
    // The live lanes' own rate first, for comparison.
    const idle0 = await liveFrames(system.inferenceUrl);
    await new Promise((r) => setTimeout(r, LIVE_BASELINE_MS));
    const before = await liveFrames(system.inferenceUrl);
    const timed = await analyse(path, metadata);
    const after = await liveFrames(system.inferenceUrl);
    const received = after.received - before.received;
    const dropped = after.dropped - before.dropped;
    return {
      ...timed,
      live: {
        lanes: after.lanes,
        framesPerSecondBefore: round(
          (before.analysed - idle0.analysed) / (LIVE_BASELINE_MS / 1000),
          1,
        ),
        framesPerSecond: round((after.analysed - before.analysed) / timed.seconds, 1),
        dropRate: received ? round(dropped / received, 3) : 0,
      },
    };
  } finally {
    await system.stop();
  }
}

const dir = await Deno.makeTempDir({ prefix: "lanecast-bench-analyze-" });
try {
  const path = `${dir}/lane.mp4`;
  console.error(`encoding ${SECONDS} s of a simulated lane at ${WIDTH}x${HEIGHT}, CRF ${CRF} …`);
  const truths = await encodeSimVideo({
    path,
    seed: 300,
    shots: 0,
    seconds: SECONDS,
    width: WIDTH,
    height: HEIGHT,
    crf: CRF,
  });
  const metadata = await probeVideo(path, "mp4");
  const megabytes = round((await Deno.stat(path)).size / 1e6, 1);
  const idle = await analyse(path, metadata);
  const idleAccuracy = accuracy(truths, idle.shots);
  console.log(
    `analysed ${metadata.duration_seconds} s of ${WIDTH}x${HEIGHT} video (${megabytes} MB) in ` +
      `${round(idle.seconds)} s (${round(metadata.duration_seconds / idle.seconds)}× real time, ` +
      `${round(idle.cpuSeconds)} CPU-s); ` +
      `${idleAccuracy.shots}/${idleAccuracy.trueShots} shots, pins exact ${idleAccuracy.pinStateExact}`,
  );
  const loaded = LOAD ? await underLoad(path, metadata) : null;
  if (loaded) {
    const a = accuracy(truths, loaded.shots);
    console.log(
      `with ${loaded.live.lanes} live lanes watched: ${round(loaded.seconds)} s ` +
        `(${round(loaded.cpuSeconds)} CPU-s); ${a.shots}/${a.trueShots} shots, pins exact ` +
        `${a.pinStateExact}; the live lanes: ${loaded.live.framesPerSecondBefore} frames/s ` +
        `analysed before, ${loaded.live.framesPerSecond} meanwhile (${loaded.live.dropRate} dropped)`,
    );
  }
  const figures = {
    seconds60s: round(idle.seconds),
    secondsUnderLoad: loaded ? round(loaded.seconds) : null,
    cpuSeconds60s: round(idle.cpuSeconds),
    cpuSecondsUnderLoad: loaded ? round(loaded.cpuSeconds) : null,
    videoSeconds: metadata.duration_seconds,
    size: `${WIDTH}x${HEIGHT}`,
    megabytes,
    crf: CRF,
    decodedWidth: Math.min(WIDTH, MAX_WIDTH),
    ...idleAccuracy,
    pinStateExactUnderLoad: loaded ? accuracy(truths, loaded.shots).pinStateExact : null,
    realTimeFactor: round(metadata.duration_seconds / idle.seconds),
    liveUnderLoad: loaded?.live ?? null,
  };
  if (json) console.log(JSON.stringify(figures));
} finally {
  await Deno.remove(dir, { recursive: true });
}
