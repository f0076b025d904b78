/**
 * Reads a video's size, frame rate and duration with ffprobe. A file ffprobe
 * cannot read, or one with no video stream, is `video_unreadable`; the
 * container comes from the caller (sniffed from the bytes, not ffprobe's guess).
 */
import { DomainError } from "../../core/errors.ts";
import type { VideoMetadata } from "../../core/video_analysis.ts";
import { LOCAL_FILE_ONLY, mediaSpawn } from "./media_spawn.ts";

const PROBE_TIMEOUT_MS = 30_000;
/** Longest video accepted, seconds (an hour; longer ones are not a lane's shots). */
const MAX_DURATION_S = 3600;

interface ProbeOut {
  streams?: {
    codec_type?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    duration?: string;
    nb_frames?: string;
  }[];
  format?: { duration?: string };
}

const unreadable = (why: string) =>
  new DomainError("video_unreadable", `Cannot read the video: ${why}`);

function rate(text: string | undefined): number {
  const [n, d] = (text ?? "").split("/").map(Number);
  const r = d ? n / d : n;
  return Number.isFinite(r) && r > 0 && r <= 240 ? r : 0;
}

export async function probeVideo(path: string, format: string): Promise<VideoMetadata> {
  const out = await new Deno.Command("ffprobe", {
    args: [
      ...["-v", "error", "-print_format", "json", "-show_format", "-show_streams"],
      ...LOCAL_FILE_ONLY,
      ...["-select_streams", "v:0", path],
    ],
    ...mediaSpawn(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1) ?? "";
    throw unreadable(err.replace(path, "the file").slice(0, 200) || "ffprobe failed");
  }
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as ProbeOut;
  const v = info.streams?.find((s) => s.codec_type === "video");
  if (!v || !v.width || !v.height) throw unreadable("it has no video stream");
  const fps = rate(v.avg_frame_rate) || rate(v.r_frame_rate);
  if (!fps) throw unreadable("its frame rate is unknown");
  const duration = Number(v.duration ?? info.format?.duration);
  if (!Number.isFinite(duration) || duration <= 0) throw unreadable("its duration is unknown");
  if (duration > MAX_DURATION_S) throw unreadable(`it is longer than ${MAX_DURATION_S} seconds`);
  return {
    duration_seconds: Math.round(duration * 1000) / 1000,
    format,
    width: v.width,
    height: v.height,
    fps: Math.round(fps * 1000) / 1000,
  };
}
