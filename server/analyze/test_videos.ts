/** Small videos for the analysis tests, made by ffmpeg's test source (no lane in them). */

/** Encodes `seconds` of ffmpeg's test pattern to `path` in `format` (muxer name: mp4, mov, avi). */
export async function testPatternVideo(path: string, format: "mp4" | "mov" | "avi", seconds = 1) {
  const codec = format === "avi" ? ["-c:v", "mpeg4"] : ["-c:v", "libx264", "-preset", "ultrafast"];
  const out = await new Deno.Command("ffmpeg", {
    args: [
      ...[
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        `testsrc=size=160x120:rate=10:duration=${seconds}`,
      ],
      ...codec,
      ...["-pix_fmt", "yuv420p", "-f", format, path],
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return await Deno.readFile(path);
}

/** A multipart upload of `bytes` named `name`, with extra fields. */
export function videoForm(
  bytes: Uint8Array,
  name: string,
  fields: Record<string, string> = {},
): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append("file", new Blob([bytes as BlobPart], { type: "video/mp4" }), name);
  return fd;
}
