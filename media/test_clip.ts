/** A short VP8 test clip made with ffmpeg, for tests that need a camera to pull. */
export async function makeTestClip(path: string, seconds = 3): Promise<void> {
  const { code, stderr } = await new Deno.Command("ffmpeg", {
    args: ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", String(seconds), "-c:v", "libvpx", "-b:v", "400k", path],
  }).output();
  if (code !== 0) throw new Error(`ffmpeg could not make a test clip: ${new TextDecoder().decode(stderr)}`);
}
