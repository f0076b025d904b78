/**
 * Runs one video through the inference analyzer in a subprocess of its own
 * (inference/video/analyze_video.ts: the live sidecar's models and analyzer,
 * fed by ffmpeg), so a video's memory and CPU never sit in the API's process
 * and a stuck analysis can be killed. Reads its progress lines as they come.
 */
import type { ShotReport } from "../../core/shot_report.ts";
import type { VideoMetadata } from "../../core/video_analysis.ts";
import { analyzerEnv } from "./media_spawn.ts";

export interface RunInput {
  path: string;
  metadata: VideoMetadata;
  calibration: unknown;
  maxWidth: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: number) => void;
}

export interface RunOutput {
  t0Ms: number;
  shots: ShotReport[];
  models: Record<string, string>;
  frames: number;
  /** Whether the pin classifier ever read a rack where the lane's pins should be (no lane if not). */
  lane?: { rackSeen: boolean; reads: number };
}

export type VideoRunner = (input: RunInput) => Promise<RunOutput>;

const SCRIPT = new URL("../../inference/video/analyze_video.ts", import.meta.url);
const CONFIG = new URL("../../deno.json", import.meta.url);

/** Why a run stopped early (the worker turns it into the job's error). */
export class RunStopped extends Error {
  constructor(
    readonly code: "analysis_cancelled" | "analysis_timeout" | "no_lane_found",
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the analyzer may read: the upload, the inference code's models, the npm
 * packages (onnxruntime's native library) and Deno's cache; not DATA_DIR, where
 * the signing key lives. (FFI stays: onnxruntime-node is a native addon; the
 * child's environment is empty of secrets, see media_spawn.ts.)
 */
export function analyzerReadPaths(file: string, env: Record<string, string> = analyzerEnv()) {
  const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
  const paths = [file, `${root}/inference`, `${root}/node_modules`];
  if (env.DENO_DIR) paths.push(env.DENO_DIR);
  return paths;
}

export const runVideoAnalysis: VideoRunner = async (input) => {
  const m = input.metadata;
  const env = analyzerEnv();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${CONFIG.pathname}`,
      `--allow-read=${analyzerReadPaths(input.path, env).join(",")}`,
      "--allow-env",
      "--allow-ffi",
      "--allow-sys",
      "--allow-run=ffmpeg",
      SCRIPT.pathname,
      ...["--file", input.path, "--width", String(m.width), "--height", String(m.height)],
      ...["--fps", String(m.fps), "--frames", String(Math.ceil(m.duration_seconds * m.fps))],
      ...[
        "--max-width",
        String(input.maxWidth),
        "--calibration",
        JSON.stringify(input.calibration ?? null),
      ],
    ],
    // None of the API's secrets, and no LD_* (see analyzerEnv).
    clearEnv: true,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stopped: RunStopped | null = null;
  const stop = (why: RunStopped) => {
    stopped ??= why;
    try {
      child.kill("SIGKILL");
    } catch { /* exited already */ }
  };
  const onAbort = () => stop(new RunStopped("analysis_cancelled", "The analysis was cancelled"));
  input.signal?.addEventListener("abort", onAbort);
  if (input.signal?.aborted) onAbort();
  const timer = setTimeout(
    () =>
      stop(
        new RunStopped(
          "analysis_timeout",
          `The analysis took longer than ${input.timeoutMs / 1000} s`,
        ),
      ),
    input.timeoutMs,
  );
  const errText = new Response(child.stderr).text();
  let done: RunOutput | null = null;
  try {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        const msg = JSON.parse(line);
        if (msg.type === "progress") input.onProgress?.(msg.progress);
        else if (msg.type === "done") done = msg as RunOutput;
      }
    }
    const status = await child.status;
    const err = (await errText).trim();
    if (stopped) throw stopped;
    if (!status.success || !done) {
      throw new Error(
        err.split("\n").at(-1)?.slice(0, 300) || `analysis exited with ${status.code}`,
      );
    }
    return done;
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener("abort", onAbort);
  }
};
