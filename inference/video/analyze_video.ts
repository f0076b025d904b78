/**
 * Analyses one video file with the live sidecar's own models and analyzer:
 * ffmpeg decodes it to I420 frames (the WebRTC sink's format, scaled down to
 * at most `--max-width`), each frame goes through `Analyzer.process` with
 * capture times from the frame rate, and the finished shot reports come out.
 * Run as a subprocess by the server's analysis worker; it writes one JSON
 * object a line on stdout: `{type:"progress", frames, progress}` now and
 * then, then `{type:"done", frames, t0Ms, shots, models}`. Errors go to
 * stderr with a non-zero exit.
 *
 * Unlike the live sidecar it thins idle frames (the ball detector looks at
 * one in `VIDEO_IDLE_STRIDE` while the lane waits for its next bowler; see
 * `Analyzer`), and its models run on one thread each (onnxruntime's thread
 * pool would spin for the cores ffmpeg decodes on).
 *
 * `deno run -A inference/video/analyze_video.ts --file v.mp4 --width 1280 --height 720 --fps 30 --frames 1800`
 */
import { Analyzer } from "../analyzer.ts";
import { loadModels } from "../model_loader.ts";
import type { ShotReport } from "../events/shot_report.ts";
import { rawFrames } from "./frame_reader.ts";
import { createLanePresence } from "./lane_presence.ts";

/** Capture time of the first frame (ms); reports' times are offsets from it. */
export const VIDEO_T0_MS = 1_800_000_000_000;
const LANE = "video";
/** While the lane waits for a bowler, the ball detector looks at one frame in this many. */
export const VIDEO_IDLE_STRIDE = 3;
/** ffmpeg's decoding threads: two cores between the decoder and the models. */
const DECODE_THREADS = 2;

export interface AnalyzeArgs {
  file: string;
  width: number;
  height: number;
  fps: number;
  /** Frames the video is expected to hold (for progress). */
  frames: number;
  maxWidth: number;
  calibration: unknown;
  /** Default VIDEO_IDLE_STRIDE; 1 looks at every frame, as the live sidecar does. */
  idleStride?: number;
}

/** The decoded size: the video's, scaled to at most `maxWidth`, both even. */
export function decodeSize(width: number, height: number, maxWidth: number) {
  const k = Math.min(1, maxWidth / width);
  const even = (v: number) => Math.max(16, 2 * Math.round((v * k) / 2));
  return { width: even(width), height: even(height) };
}

export async function analyzeVideo(
  args: AnalyzeArgs,
  onProgress: (frames: number) => void,
): Promise<{
  frames: number;
  shots: ShotReport[];
  models: Record<string, string>;
  lane: { rackSeen: boolean; reads: number };
}> {
  const { width, height } = decodeSize(args.width, args.height, args.maxWidth);
  const shots: ShotReport[] = [];
  const views: { analyzer?: Analyzer } = {};
  const models = await loadModels((id) => views.analyzer?.view(id), "trained", {}, { threads: 1 });
  const analyzer = views.analyzer = new Analyzer(
    models,
    (_lane, shot) => shots.push(shot),
    () => {},
    { idleStride: args.idleStride ?? VIDEO_IDLE_STRIDE },
  );
  analyzer.setLane(LANE, args.calibration);
  const presence = createLanePresence({ pins: models.pins, fps: args.fps });
  const input = ["-v", "error", "-nostdin", "-threads", String(DECODE_THREADS)]
    .concat(["-protocol_whitelist", "file", "-i", args.file]);
  // Bilinear: cheaper than the default bicubic and as exact (fast_bilinear shifts boards by 0.4).
  const scale = `scale=${width}:${height}:flags=bilinear`;
  const ffmpeg = new Deno.Command("ffmpeg", {
    args: [...input, "-an", "-sn", "-vf", scale, "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"],
    // Only PATH: Deno refuses to hand an inherited LD_LIBRARY_PATH (lanecast sets one for the
    // SFU's libsrtp2) to a program this process may run by name only (--allow-run=ffmpeg).
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const errText = new Response(ffmpeg.stderr).text();
  let frames = 0;
  // The analyzer keeps the frame before (for motion): three buffers go round.
  for await (const data of rawFrames(ffmpeg.stdout, width * height * 3 / 2, 2)) {
    const captureTimeMs = VIDEO_T0_MS + (frames * 1000) / args.fps;
    const frame = { laneId: LANE, width, height, data, captureTimeMs, seq: frames };
    await analyzer.process([frame]);
    await presence.observe(frame, analyzer.view(LANE)?.pinSpots);
    frames++;
    if (frames % 30 === 0) onProgress(frames);
  }
  const status = await ffmpeg.status;
  const err = (await errText).trim();
  if (!status.success || (frames === 0)) {
    throw new Error(`Cannot decode the video: ${err.split("\n").at(-1) || "no frames"}`);
  }
  const versions: Record<string, string> = {
    ball: models.ball.version,
    pins: models.pins.version,
    ...(models.foul ? { foul: models.foul.version } : {}),
  };
  return { frames, shots, models: versions, lane: presence.summary() };
}

if (import.meta.main) {
  const values: Record<string, string> = { frames: "0", "max-width": "1280", calibration: "null" };
  for (let i = 0; i + 1 < Deno.args.length; i += 2) {
    values[Deno.args[i].replace(/^--/, "")] = Deno.args[i + 1];
  }
  const args: AnalyzeArgs = {
    file: values.file!,
    width: Number(values.width),
    height: Number(values.height),
    fps: Number(values.fps),
    frames: Number(values.frames),
    maxWidth: Number(values["max-width"]),
    calibration: JSON.parse(values.calibration!),
  };
  const write = (o: unknown) => console.log(JSON.stringify(o));
  try {
    const out = await analyzeVideo(args, (frames) => {
      write({
        type: "progress",
        frames,
        progress: args.frames ? Math.min(1, frames / args.frames) : 0,
      });
    });
    write({ type: "done", t0Ms: VIDEO_T0_MS, ...out });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    Deno.exit(1);
  }
}
