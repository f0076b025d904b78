/**
 * `./lanecast bench analyze`: seconds to analyse an uploaded video. Encodes
 * BENCH_SECONDS (default 60) of a simulated lane at BENCH_WIDTH×BENCH_HEIGHT
 * (default 1280×720) 30 fps to H.264 MP4, then times the server's analysis
 * (decoded at most ANALYZE_MAX_WIDTH wide, as the server does)
 * run (the subprocess with the live sidecar's models, as a job runs it) and
 * checks its shots against the simulator. With `--json` the last line is one
 * JSON object: `{ seconds60s, videoSeconds, shots, pinStateExact, realTimeFactor }`.
 * (Not measured here yet: the same while four live lanes are being watched.)
 */
import { encodeSimVideo } from "../tools/sim_video.ts";
import { probeVideo } from "../server/analyze/probe.ts";
import { runVideoAnalysis } from "../server/analyze/runner.ts";
import { videoAnalysis } from "../core/video_analysis.ts";
import { loadServerConfig } from "../server/config.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 60);
const WIDTH = Number(Deno.env.get("BENCH_WIDTH") ?? 1280);
const HEIGHT = Number(Deno.env.get("BENCH_HEIGHT") ?? 720);
const json = Deno.args.includes("--json");
// Decoded as the server would: at most ANALYZE_MAX_WIDTH wide (its default unless set).
const MAX_WIDTH = loadServerConfig().ANALYZE_MAX_WIDTH;

const dir = await Deno.makeTempDir({ prefix: "lanecast-bench-analyze-" });
try {
  const path = `${dir}/lane.mp4`;
  console.error(`encoding ${SECONDS} s of a simulated lane at ${WIDTH}x${HEIGHT} …`);
  const truths = await encodeSimVideo({
    path,
    seed: 300,
    shots: 0,
    seconds: SECONDS,
    width: WIDTH,
    height: HEIGHT,
  });
  const metadata = await probeVideo(path, "mp4");
  const t0 = performance.now();
  const out = await runVideoAnalysis({
    path,
    metadata,
    calibration: null,
    maxWidth: MAX_WIDTH,
    timeoutMs: 30 * 60_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  const shots = videoAnalysis({
    jobId: "bench",
    metadata,
    reports: out.shots,
    t0Ms: out.t0Ms,
    models: out.models,
  }).shots;
  const exact = truths.filter((t) =>
    shots.some((s) =>
      Math.abs(s.releaseAt - t.releaseMs / 1000) <= 0.6 && s.standing === t.standingAfter
    )
  ).length;
  const figures = {
    seconds60s: Math.round(seconds * 100) / 100,
    videoSeconds: metadata.duration_seconds,
    size: `${WIDTH}x${HEIGHT}`,
    decodedWidth: Math.min(WIDTH, MAX_WIDTH),
    shots: shots.length,
    trueShots: truths.length,
    pinStateExact: truths.length ? Math.round((exact / truths.length) * 1000) / 1000 : null,
    realTimeFactor: Math.round((metadata.duration_seconds / seconds) * 100) / 100,
  };
  console.log(
    `analysed ${figures.videoSeconds} s of ${figures.size} video in ${figures.seconds60s} s ` +
      `(${figures.realTimeFactor}× real time); ${figures.shots}/${figures.trueShots} shots, pins exact ${figures.pinStateExact}`,
  );
  if (json) {
    console.log(JSON.stringify(figures));
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
