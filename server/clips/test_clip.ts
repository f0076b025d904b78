/** Test helper: a short real clip (VP8 in WebM, made by ffmpeg once per process) as the SFU would cut it. */
import type { CutClip } from "../sfu_client.ts";
import { runFfmpeg } from "./ffmpeg.ts";

let cached: Promise<Uint8Array> | undefined;

async function encode(): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir({ prefix: "lanecast-test-clip-" });
  try {
    const out = `${dir}/clip.webm`;
    await runFfmpeg([
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=160x120:rate=30",
      "-t",
      "1",
      "-c:v",
      "libvpx",
      "-b:v",
      "200k",
      "-f",
      "webm",
      out,
    ]);
    return await Deno.readFile(out);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A one-second 160x120 VP8 WebM clip of the window. */
export async function testClip(window: { fromMs: number; toMs: number }): Promise<CutClip> {
  const bytes = await (cached ??= encode());
  return { bytes, contentType: "video/webm", durationMs: 1000, ...window };
}
