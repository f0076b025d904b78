/** Test helpers for replays: a camera that stamps capture times into its pixels, and clip decoding. */
import { testPattern } from "../../media/test_pattern.ts";
import { WhipPublisher } from "../../media/whip_publisher.ts";
import { readStamp, stampTime } from "../../sim/stamp.ts";
import { waitFor } from "../../tools/system.ts";
import type { TestSfu } from "../testing.ts";

export const CAMERA_W = 640, CAMERA_H = 360;

/**
 * A simulated camera on `lane`: a moving pattern at 30 fps with each frame's
 * capture time stamped into its pixels (sim/stamp.ts), as sim/lane_feed.ts does.
 */
export function publishStamped(t: TestSfu, lane: string) {
  const publisher = new WhipPublisher({
    width: CAMERA_W,
    height: CAMERA_H,
    maxBitrateKbps: 1500,
    credentials: async () => ({
      whipUrl: `${t.url}/whip/${lane}`,
      token: await t.token(lane, "lane:publish"),
    }),
  });
  const next = testPattern(CAMERA_W, CAMERA_H);
  let n = 0;
  let stopped: Promise<void> | undefined;
  const timer = setInterval(() => {
    const frame = next(n++);
    stampTime(frame, CAMERA_W, CAMERA_H, Date.now());
    publisher.pushFrame(frame);
  }, 33);
  return {
    publisher,
    /** Stops the camera (once: closing a wrtc track twice can crash the process). */
    stop() {
      clearInterval(timer);
      stopped ??= publisher.close();
      return stopped;
    },
  };
}

/** Decodes a clip with ffmpeg and reads the capture-time stamp of every frame (null where unreadable). */
export async function clipStamps(bytes: Uint8Array): Promise<(number | null)[]> {
  const dir = await Deno.makeTempDir({ prefix: "lanecast-clip-test-" });
  try {
    await Deno.writeFile(`${dir}/clip`, bytes);
    const out = await new Deno.Command("ffmpeg", {
      args: [
        "-hide_banner",
        "-loglevel",
        "error",
        "-i",
        `${dir}/clip`,
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p",
        "-",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
    const size = CAMERA_W * CAMERA_H * 3 / 2;
    const stamps: (number | null)[] = [];
    for (let at = 0; at + size <= out.stdout.length; at += size) {
      stamps.push(readStamp(out.stdout.subarray(at, at + size), CAMERA_W, CAMERA_H));
    }
    return stamps;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * One field of a clip's video stream as ffprobe reads it: `codec_name` (what
 * the container carries), or `nb_read_frames` (frames decoded, with `-count_frames`).
 */
export async function probeClip(
  bytes: Uint8Array,
  entry: "codec_name" | "nb_read_frames",
): Promise<string> {
  const count = entry === "nb_read_frames" ? ["-count_frames"] : [];
  const out = new Deno.Command("ffprobe", {
    args: [
      "-v",
      "error",
      ...count,
      "-select_streams",
      "v:0",
      "-show_entries",
      `stream=${entry}`,
      "-of",
      "csv=p=0",
      "-",
    ],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = out.stdin.getWriter();
  await writer.write(bytes).catch(() => {});
  await writer.close().catch(() => {});
  return new TextDecoder().decode((await out.output()).stdout).trim();
}

/** Waits until `lane`'s replay buffer holds at least `ms` of video. */
export async function untilBuffered(t: TestSfu, lane: string, ms = 0): Promise<void> {
  await waitFor(
    async () => {
      const w = (await t.sfu.replays.get(lane).catch(() => null))?.ring.window();
      return !!w && w.packets > 0 && w.toMs! - w.fromMs! >= ms;
    },
    20_000,
    `${ms} ms of lane ${lane}'s video in its replay buffer`,
  );
}
