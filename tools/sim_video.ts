/**
 * Encodes a simulated lane to a video file with ffmpeg (H.264 in MP4 or MOV,
 * MPEG-4 Part 2 in AVI) and gives the simulator's ground truth of its shots,
 * for tests and benchmarks of the video analysis.
 */
import { createLaneSim } from "../sim/render.ts";
import { type TimedShotTruth, withCaptureTimes } from "../sim/ground_truth.ts";

export interface SimVideoOptions {
  path: string;
  seed: number;
  /** Complete shots the video holds. */
  shots: number;
  /** Instead: exactly this many seconds of video (its truths are the shots it completes). */
  seconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** The container, from the path's extension when not given. */
  format?: "mp4" | "mov" | "avi";
  /** H.264 quality (x264 CRF, lower is better; default 16: near-lossless, sensor noise kept). */
  crf?: number;
  /** x264 preset (default "ultrafast"). */
  preset?: string;
}

/** Renders and encodes; the truths' times are ms from the video's first frame. */
export async function encodeSimVideo(o: SimVideoOptions): Promise<TimedShotTruth[]> {
  const { width = 640, height = 360, fps = 30, crf = 16, preset = "ultrafast" } = o;
  const format = o.format ?? (o.path.split(".").pop() as SimVideoOptions["format"]);
  const codec = format === "avi"
    ? ["-c:v", "mpeg4", "-q:v", "2"]
    : ["-c:v", "libx264", "-preset", preset, "-crf", String(crf), "-pix_fmt", "yuv420p"];
  const sim = createLaneSim({ seed: o.seed, width, height, fps, lane: 1 });
  const ffmpeg = new Deno.Command("ffmpeg", {
    args: [
      ...["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p"],
      ...["-s", `${width}x${height}`, "-r", String(fps), "-i", "pipe:0"],
      ...codec,
      ...["-f", format === "mov" ? "mov" : format!, o.path],
    ],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = ffmpeg.stdin.getWriter();
  const data = new Uint8Array(sim.frameSize);
  let frame = 0;
  const more = o.seconds
    ? (f: number) => f < o.seconds! * fps
    : (f: number) => sim.shotsUpTo(f).length <= o.shots;
  for (; more(frame); frame++) {
    sim.renderFrame(frame, data);
    await writer.write(data);
  }
  await writer.close();
  const { success, stderr } = await ffmpeg.output();
  if (!success) throw new Error(`ffmpeg failed: ${new TextDecoder().decode(stderr)}`);
  const truths = sim.shotsUpTo(frame).filter((t) => t.settledFrame < frame);
  return truths.slice(0, o.seconds ? truths.length : o.shots).map((t) =>
    withCaptureTimes(t, 0, fps)
  );
}
