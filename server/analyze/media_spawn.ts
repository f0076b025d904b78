/**
 * How the analysis spawns programs that read users' uploads (ffprobe, ffmpeg,
 * the analyzer subprocess): with none of the API's environment, which holds
 * the database URL, payment and signing secrets (review M1). An exploit of a
 * demuxer or decoder then finds no secret to take. Same rule as the SFU's
 * camera pull (sfu/camera_source.ts `FFMPEG_SPAWN`).
 */

const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

/** ffprobe/ffmpeg on an upload: PATH only. */
export function mediaSpawn(): { clearEnv: true; env: Record<string, string> } {
  return { clearEnv: true, env: { PATH: Deno.env.get("PATH") ?? DEFAULT_PATH } };
}

/** ffmpeg/ffprobe read an upload as a local file only (no http, tcp, concat of other files…). */
export const LOCAL_FILE_ONLY = ["-protocol_whitelist", "file"] as const;

/**
 * What the analyzer subprocess (a Deno program) needs of the environment:
 * where programs and Deno's module cache are, and nothing else. No LD_*
 * variable: Deno refuses a narrow --allow-run=ffmpeg to a process that has them.
 */
export const ANALYZER_ENV_NAMES = [
  "PATH",
  "HOME",
  "TMPDIR",
  "DENO_DIR",
  "DENO_NO_UPDATE_CHECK",
  "ONNXRUNTIME_NODE_INSTALL",
] as const;

export function analyzerEnv(
  from: Record<string, string> = Deno.env.toObject(),
): Record<string, string> {
  const env: Record<string, string> = { PATH: from.PATH ?? DEFAULT_PATH };
  for (const name of ANALYZER_ENV_NAMES) if (from[name] !== undefined) env[name] = from[name];
  return env;
}
